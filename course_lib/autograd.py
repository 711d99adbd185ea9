"""A scalar reverse-mode automatic differentiation engine (chapter 3).

A :class:`Value` holds a number, ``data``, and after :meth:`Value.backward` the derivative of
the final output with respect to it, ``grad``. Every operation records its inputs and a small
function that applies the chain rule locally: the gradient arriving from above times the
local derivative. ``backward`` visits the graph in reverse topological order, so each node
has received the gradient from every node it feeds before it passes it on, and gradients
*accumulate* (``+=``) because a node used twice gets a contribution from each use.

The names follow PyTorch (``data``, ``grad``, ``backward``), in the spirit of A. Karpathy's
micrograd. Bad input raises a clear error rather than producing a silent NaN or a wrong
gradient.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Union

from .i18n import _
from .validation import as_real

Number = Union[int, float]


def _number(value: object, name: str) -> float:
    return as_real(value, name)


class Value:
    """A scalar in a computational graph, with its gradient."""

    __slots__ = ("data", "grad", "_parents", "_backward", "op")

    def __init__(self, data: Number, _parents: Iterable["Value"] = (), op: str = "") -> None:
        self.data = _number(data, "Value data")
        self.grad = 0.0
        self._parents = tuple(_parents)
        self._backward: Callable[[], None] = lambda: None
        if not isinstance(op, str):
            raise TypeError(f"op must be text (the operation's name, for the graph); got {type(op).__name__}.")
        self.op = op

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other: "Value | Number") -> "Value":
        if isinstance(other, Value):
            return other
        return Value(_number(other, "the other operand"))

    def _result(self, data: float, parents: tuple["Value", ...], op: str) -> "Value":
        if not math.isfinite(data):
            raise OverflowError(f"{op} of {', '.join(f'{p.data:.6g}' for p in parents)} overflowed to {data}.")
        return Value(data, parents, op)

    # Primitive operations: each defines its local chain rule right beside its forward pass.
    def __add__(self, other: "Value | Number") -> "Value":
        other = self._lift(other)
        out = self._result(self.data + other.data, (self, other), "+")

        def backward() -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._backward = backward
        return out

    def __mul__(self, other: "Value | Number") -> "Value":
        other = self._lift(other)
        out = self._result(self.data * other.data, (self, other), "*")

        def backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = backward
        return out

    def __pow__(self, exponent: Number) -> "Value":
        if isinstance(exponent, Value):
            raise TypeError(_("A Value can only be raised to a constant power (an int or float). For "
                              "a power with a variable exponent, write (b * a.log()).exp() for a ** b."))
        exponent = _number(exponent, "the exponent")
        if self.data == 0 and exponent < 1 and exponent != 0:
            raise ValueError(f"0 ** {exponent} has no finite derivative at 0.")
        if self.data < 0 and not exponent.is_integer():
            raise ValueError(f"{self.data:.6g} ** {exponent}: a negative number has no real "
                             "non-integer power.")
        try:
            power = self.data**exponent
        except OverflowError:  # Python's float power raises instead of returning inf
            raise OverflowError(f"{self.data:.6g} ** {exponent:.6g} overflows a float: the exponent is too "
                                "large for this base.") from None
        out = self._result(power, (self,), f"**{exponent:g}")

        def backward() -> None:
            self.grad += exponent * self.data ** (exponent - 1) * out.grad

        out._backward = backward
        return out

    def exp(self) -> "Value":
        if self.data > 709:
            raise OverflowError(f"exp({self.data:.6g}) overflows a float (the limit is about exp(709)).")
        out = self._result(math.exp(self.data), (self,), "exp")

        def backward() -> None:
            self.grad += out.data * out.grad

        out._backward = backward
        return out

    def log(self) -> "Value":
        if self.data <= 0:
            raise ValueError(_(f"log is defined for positive numbers only; got log({self.data:.6g})."))
        out = self._result(math.log(self.data), (self,), "log")

        def backward() -> None:
            self.grad += out.grad / self.data

        out._backward = backward
        return out

    def tanh(self) -> "Value":
        out = self._result(math.tanh(self.data), (self,), "tanh")

        def backward() -> None:
            self.grad += (1 - out.data**2) * out.grad

        out._backward = backward
        return out

    def sigmoid(self) -> "Value":
        x = self.data  # the two branches avoid overflow of exp for large |x|
        s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        out = self._result(s, (self,), "sigmoid")

        def backward() -> None:
            self.grad += out.data * (1 - out.data) * out.grad

        out._backward = backward
        return out

    def relu(self) -> "Value":
        out = self._result(max(self.data, 0.0), (self,), "relu")

        def backward() -> None:
            self.grad += (self.data > 0) * out.grad  # the derivative at 0 is taken as 0, as in torch

        out._backward = backward
        return out

    # Derived operations reuse the primitives.
    def __neg__(self) -> "Value":
        return self * -1

    def __sub__(self, other: "Value | Number") -> "Value":
        return self + (-self._lift(other))

    def __truediv__(self, other: "Value | Number") -> "Value":
        other = self._lift(other)
        if other.data == 0:
            raise ZeroDivisionError(_("division by a Value equal to 0."))
        return self * other**-1

    def __radd__(self, other: Number) -> "Value":
        return self + other

    def __rmul__(self, other: Number) -> "Value":
        return self * other

    def __rsub__(self, other: Number) -> "Value":
        return self._lift(other) - self

    def __rtruediv__(self, other: Number) -> "Value":
        return self._lift(other) / self

    def __rpow__(self, base: Number) -> "Value":
        raise TypeError("A number raised to a Value is not supported; write (value * math.log(base)).exp().")

    @property
    def parents(self) -> tuple["Value", ...]:
        """The values this one was computed from (empty for a leaf)."""
        return self._parents

    def nodes(self) -> list["Value"]:
        """Every value this one depends on, itself included, each after all of its parents
        (a topological order): the order of the forward pass, reversed by :meth:`backward`."""
        order: list[Value] = []
        visited: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:  # iterative depth-first search: deep graphs do not hit the recursion limit
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((parent, False) for parent in node._parents)
        return order

    def backward(self) -> None:
        """Fill ``grad`` of every node this value depends on with d(self)/d(node).

        Like PyTorch, the gradients of leaves (values not computed from others) accumulate:
        calling ``backward`` again adds to them. Reset them with :meth:`zero_grad` between
        independent computations.
        """
        order = self.nodes()
        for node in order:  # intermediate gradients start afresh; leaves keep accumulating
            if node._parents:
                node.grad = 0.0
        self.grad += 1.0
        for node in reversed(order):
            node._backward()

    def zero_grad(self) -> None:
        """Set ``grad`` to 0 on this value and every node it depends on."""
        stack, seen = [self], set()
        while stack:
            node = stack.pop()
            if id(node) not in seen:
                seen.add(id(node))
                node.grad = 0.0
                stack.extend(node._parents)
