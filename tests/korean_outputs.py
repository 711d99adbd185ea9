"""What a Korean chapter still shows in English, read from its executed notebook (issue 36
item 1): the texts its figures record as untranslated (course_lib.plotting.show puts them in
the output's metadata) and the printed lines with an English word. Names that stay Latin in
Korean ML writing (methods, people, libraries, data sets, units, abbreviations) and code names
(anything with an underscore, a dot or brackets, and a claim's evidence, which names the
chapter's variables) are not English words here. A line in Korean may keep a code word of its
own (backward, autograd), but not an English phrase of two words or more (a name course_lib
computed and the catalog lacked: "N(0,1) weights and unscaled inputs을(를)")."""

from __future__ import annotations

import json
import re
from pathlib import Path

# Latin names a Korean text keeps as they are.
LATIN_NAMES = {
    # methods, functions and people
    "Adam", "AdamW", "AdaGrad", "RMSProp", "SGD", "Nesterov", "Polyak", "Newton", "ReLU", "GELU", "SiLU", "ELU",
    "He", "Xavier", "LeCun", "Holm", "Wilson", "Hessian", "MAP", "GD", "MLP", "BCE", "MSE", "RMSE", "RMS", "PCA",
    "tanh", "sigmoid", "softmax", "relu", "gelu", "silu", "elu", "lecun", "xavier", "he", "adam", "rmsprop", "gd",
    "mixup", "cutmix", "logit", "leaky", "exp", "log", "ln", "sqrt", "cos", "sin", "max", "min", "argmax", "std",
    "lr", "nan", "inf", "dx", "dy", "dz", "dL", "dw", "da", "eps",
    # libraries, data sets, machines
    "NumPy", "JAX", "PyTorch", "torch", "jax", "optax", "pytorch", "sklearn", "scikit", "learn", "Value", "MNIST",
    "digits", "iris", "diabetes", "CPU", "GPU", "TF", "float", "cpu", "gpu", "Intel", "AMD", "Xeon", "EPYC", "Core",
    "Processor", "vs", "scikit-learn", "CrossEntropyLoss", "LayerNorm", "Linear", "nn", "mV", "ms", "cm", "mm", "nats", "px",
}
# A word: Latin letters (an apostrophe or hyphen inside), outside math.
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
HANGUL = re.compile("[\uac00-\ud7a3]")
CODE = re.compile(r"\S*[_.\[\]()]\S*")  # identifiers and calls: zero_grad, torch.nn.Linear, p.grad
# A number (a sign, a unit sign or a percent around it): inside an English phrase it does not end
# the phrase ("reached 0.1 sooner" is one phrase of two words).
NUMBER = re.compile(r"[-+−±×x~≈<>=]*\d[\d.,:/eE+−-]*[%x×]?")


def english_words(text: str) -> list[str]:
    """The English words of a figure's text or a printed line, with the names of
    :data:`LATIN_NAMES`, code, math and a claim's evidence left out."""
    if re.match(r"^\s*\[.*=", text) or text.lstrip().startswith(("NumPy ", "{", "Ran on", "실행 환경")):
        return []  # a claim's evidence (variables), the versions, a printed dict of code names
    plain = re.sub(r"\$[^$]*\$", " ", text)
    if HANGUL.search(plain):  # a Korean line may keep a code word (backward, autograd), not a phrase
        run: list[str] = []
        phrases: list[str] = []
        for token in plain.split() + [""]:
            word = token.strip(",.;:()[]")
            if WORD.fullmatch(word) and word not in LATIN_NAMES and not CODE.fullmatch(token):
                run.append(word)
                continue
            if run and NUMBER.fullmatch(word):
                continue
            phrases += run if len(run) >= 2 else []
            run = []
        return phrases
    words = []
    for token in plain.split():
        if CODE.fullmatch(token) and re.search(r"\w[_.]\w|\w\(|\[\w", token):
            continue
        words += [w for w in WORD.findall(token) if w not in LATIN_NAMES and w.strip("'’-") not in LATIN_NAMES]
    return words


# Printed lines that stay as a library gives them, and why.
KEPT_LINES = {
    "sepal length (cm), sepal width (cm), petal length (cm), petal width (cm)":
        "chapter 5 prints scikit-learn's names of the iris features, the names its code then uses",
}
# An exception a chapter shows as raised (its message, on this line and the indented ones after
# it): a library's error, in the library's words (course_lib's own are translated where the
# chapters raise them on purpose: autograd's).
ERROR = re.compile(r"^(\S+: )?[A-Z]\w*(Error|Exception|Warning): ")


def english_in_outputs(notebook: Path) -> list[tuple[int, str]]:
    """Each (cell number, text) of an executed Korean chapter that shows an English word: a
    figure's recorded untranslated text, or a printed line."""
    found: list[tuple[int, str]] = []
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            texts = list(output.get("metadata", {}).get("course_untranslated", []))
            if output.get("output_type") == "stream":
                error = False
                for line in "".join(output["text"]).splitlines():
                    error = bool(ERROR.match(line)) or (error and line.startswith("  "))
                    if not error and line not in KEPT_LINES:
                        texts.append(line)
            found += [(number, text) for text in texts if english_words(text)]
    return found
