"""Which diagnostic codes the source tree emits, found by reading the code, not by running it.

A code reaches a user through a `Diagnostic` (its fifth argument), a `Finding` (its second) or
a helper that forwards its own `code` parameter to one of them (`rejection`, `note`, `warn`,
`document.diagnostic`, …): the helpers are found by following that forwarding, so a new
helper needs no change here. The code argument of every such call is resolved to string
literals: a literal, either branch of a conditional, a module constant (also one imported
from another module), a local variable assigned those, a tuple returned by a function of the
module (`code, message = _wording(...)`), or the tuples appended to a list the caller loops
over (`for node, code, message in loader.problems`). A call whose code cannot be resolved is
reported, so nothing escapes the registry unseen.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kompetens"
BASE_EMITTERS = {"Diagnostic": 4, "Finding": 1}
"""The two types that carry a code, and the position of `code` among their arguments."""


@dataclass
class Scan:
    codes: dict[str, set[str]] = field(default_factory=dict)
    """code → the modules (relative paths) that emit it."""
    unresolved: list[str] = field(default_factory=list)
    """`path:line: expression` for calls whose code could not be resolved."""


@dataclass
class _Module:
    name: str
    """The path relative to the package (`framework/loading.py`)."""
    tree: ast.Module
    parents: dict[ast.AST, ast.AST]
    calls: list[ast.Call]
    functions: list[ast.FunctionDef]
    calls_in: dict[ast.FunctionDef, list[ast.Call]]
    nodes_in: dict[ast.FunctionDef, list[ast.AST]]

    @property
    def dotted(self) -> str:
        return "kompetens." + self.name.removesuffix(".py").replace("/", ".")


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _code_argument(call: ast.Call, index: int) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "code":
            return keyword.value
    return call.args[index] if len(call.args) > index else None


def _parameters(function: ast.FunctionDef) -> list[ast.arg]:
    return function.args.posonlyargs + function.args.args


def _code_position(function: ast.FunctionDef) -> int:
    names = [a.arg for a in _parameters(function)]
    return names.index("code") - (names[0] in ("self", "cls"))


def _emitters(modules: list[_Module]) -> dict[str, int]:
    """Every function that forwards its `code` parameter to an emitter is one too."""
    emitters = dict(BASE_EMITTERS)
    changed = True
    while changed:
        changed = False
        for module in modules:
            for function in module.functions:
                if function.name in emitters or "code" not in [
                    a.arg for a in _parameters(function)
                ]:
                    continue
                for call in module.calls_in[function]:
                    index = emitters.get(_callee(call) or "")
                    argument = None if index is None else _code_argument(call, index)
                    if isinstance(argument, ast.Name) and argument.id == "code":
                        emitters[function.name] = _code_position(function)
                        changed = True
                        break
    return emitters


class _Resolver:
    def __init__(self, modules: list[_Module]) -> None:
        self.by_dotted = {module.dotted: module for module in modules}

    def resolve(self, node: ast.expr, module: _Module, depth: int = 0) -> set[str] | None:
        """The string literals `node` can be, or None when they cannot be seen."""
        if depth > 8:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            body = self.resolve(node.body, module, depth + 1)
            orelse = self.resolve(node.orelse, module, depth + 1)
            return None if body is None or orelse is None else body | orelse
        if isinstance(node, ast.Attribute) and node.attr == "code":
            return set()  # an object that already carries its code (a Finding, a Diagnostic)
        if isinstance(node, ast.Name):
            return self._name(node, module, depth)
        return None

    def _enclosing(self, node: ast.AST, module: _Module) -> ast.FunctionDef | None:
        while node in module.parents:
            node = module.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def _name(self, node: ast.Name, module: _Module, depth: int) -> set[str] | None:
        function = self._enclosing(node, module)
        if function is not None:
            if node.id in [a.arg for a in _parameters(function)]:
                return set()  # forwarded: the callers of this function are resolved instead
            local = self._local(node.id, function, module, depth)
            if local is not None:
                return local
        return self._global(node.id, module, depth)

    def _local(
        self, name: str, function: ast.FunctionDef, module: _Module, depth: int
    ) -> set[str] | None:
        found: set[str] = set()
        seen = False
        for statement in module.nodes_in[function]:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    values = self._assigned(name, target, statement.value, module, depth)
                    if values is not None:
                        seen = True
                        found |= values
            elif isinstance(statement, ast.For | ast.comprehension):
                position = _tuple_position(statement.target, name)
                if position is not None:
                    values = self._appended(statement.iter, position, module, depth)
                    if values is None:
                        return None
                    seen = True
                    found |= values
        return found if seen else None

    def _assigned(
        self, name: str, target: ast.expr, value: ast.expr, module: _Module, depth: int
    ) -> set[str] | None:
        if isinstance(target, ast.Name) and target.id == name:
            return self.resolve(value, module, depth + 1) or set()
        position = _tuple_position(target, name)
        if position is None:
            return None
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            return self._returned(value.func.id, position, module, depth)
        return set()

    def _returned(self, function_name: str, position: int, module: _Module, depth: int) -> set[str]:
        found: set[str] = set()
        for function in module.functions:
            if function.name != function_name:
                continue
            for node in module.nodes_in[function]:
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                    found |= self.resolve(node.value.elts[position], module, depth + 1) or set()
        return found

    def _appended(
        self, iterable: ast.expr, position: int, module: _Module, depth: int
    ) -> set[str] | None:
        if not isinstance(iterable, ast.Attribute):
            return None
        found: set[str] = set()
        for call in module.calls:
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "append"
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == iterable.attr
                and call.args
                and isinstance(call.args[0], ast.Tuple)
            ):
                values = self.resolve(call.args[0].elts[position], module, depth + 1)
                if values is None:
                    return None
                found |= values
        return found

    def _global(self, name: str, module: _Module, depth: int) -> set[str] | None:
        for statement in module.tree.body:
            if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    return self.resolve(statement.value, module, depth + 1)
            if isinstance(statement, ast.ImportFrom) and statement.module in self.by_dotted:
                for alias in statement.names:
                    if (alias.asname or alias.name) == name:
                        source = self.by_dotted[statement.module]
                        return self._global(alias.name, source, depth + 1)
        return None


def _tuple_position(target: ast.expr, name: str) -> int | None:
    if isinstance(target, ast.Tuple):
        for index, element in enumerate(target.elts):
            if isinstance(element, ast.Name) and element.id == name:
                return index
    return None


def _load(path: Path, package: Path) -> _Module:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    parents = {child: parent for parent in nodes for child in ast.iter_child_nodes(parent)}
    functions = [node for node in nodes if isinstance(node, ast.FunctionDef)]
    nodes_in = {function: list(ast.walk(function)) for function in functions}
    return _Module(
        name=path.relative_to(package).as_posix(),
        tree=tree,
        parents=parents,
        calls=[node for node in nodes if isinstance(node, ast.Call)],
        functions=functions,
        calls_in={f: [n for n in nodes_in[f] if isinstance(n, ast.Call)] for f in functions},
        nodes_in=nodes_in,
    )


def _defaults(
    modules: list[_Module], emitters: dict[str, int], resolver: _Resolver
) -> Iterator[tuple[str, _Module]]:
    """A helper's default code (`code: str = "unreadable"`) is emitted by calls that omit it."""
    for module in modules:
        for function in module.functions:
            if function.name not in emitters or function.name in BASE_EMITTERS:
                continue
            parameters = _parameters(function)
            defaults = dict(
                zip([a.arg for a in parameters[::-1]], function.args.defaults[::-1], strict=False)
            )
            if "code" in defaults:
                for value in resolver.resolve(defaults["code"], module) or set():
                    yield value, module


def scan(package: Path = PACKAGE) -> Scan:
    modules = [_load(path, package) for path in sorted(package.rglob("*.py"))]
    emitters = _emitters(modules)
    resolver = _Resolver(modules)
    result = Scan()
    for module in modules:
        for call in module.calls:
            index = emitters.get(_callee(call) or "")
            if index is None:
                continue
            argument = _code_argument(call, index)
            if argument is None:
                continue  # a call of another function of the same name, or a default code
            values = resolver.resolve(argument, module)
            if values is None:
                result.unresolved.append(f"{module.name}:{call.lineno}: {ast.unparse(argument)}")
                continue
            for value in values:
                result.codes.setdefault(value, set()).add(module.name)
    for value, module in _defaults(modules, emitters, resolver):
        result.codes.setdefault(value, set()).add(module.name)
    return result
