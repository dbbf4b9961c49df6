#!/usr/bin/env python3
"""The layout rules a newcomer relies on, checked on every test run (scripts/test.sh):

- no import cycle between the modules of one Rust crate (`use crate::a` in b and
  `use crate::b` in a, or a longer loop), so every crate reads bottom-up;
- no Rust source file over 400 lines, not counting its `#[cfg(test)]` module (tests under
  `tests/` and `tests.rs` files are not limited), and no module of the training package
  (`training/skincheck_train`) over 400 lines.

    python3 scripts/check_structure.py [ROOT ...]    # default: crates/*/src, src, the package
    python3 scripts/check_structure.py --self-test   # proves both checks can fail

Prints what it checked and every violation; exits 1 on any.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

MAX_LINES = 400
USE = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
SUPER = re.compile(r"\bsuper::([a-z_][a-z0-9_]*)")
TEST_MODULE = re.compile(r"^\s*#\[cfg\(test\)\]", re.MULTILINE)


def without_tests(text: str) -> list[str]:
    """The file's lines before its `#[cfg(test)]` module."""
    return TEST_MODULE.split(text, maxsplit=1)[0].splitlines()


def code_lines(text: str) -> list[str]:
    """Lines outside the tests, without comments (doc links are not uses)."""
    return [line for line in without_tests(text) if not line.strip().startswith("//")]


def top_module(root: Path, path: Path) -> str:
    """`a` for a.rs and a/…, the crate itself for lib.rs/main.rs."""
    rel = path.relative_to(root).with_suffix("")
    return "crate" if rel.parts[0] in ("lib", "main") else rel.parts[0]


def module_graph(root: Path) -> dict[str, set[str]]:
    """Top-level module -> the top-level modules it uses (submodules folded into parents)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.rs")):
        if path.name == "tests.rs":
            continue
        module = top_module(root, path)
        uses = graph.setdefault(module, set())
        parts = path.relative_to(root).parts
        # In a.rs or a/mod.rs `super::` is the crate root; deeper, it stays inside `a`.
        super_is_root = module != "crate" and (
            len(parts) == 1 or parts[1:] == ("mod.rs",)
        )
        for line in code_lines(path.read_text()):
            uses.update(USE.findall(line))
            if super_is_root:
                uses.update(SUPER.findall(line))
    for module, uses in graph.items():
        uses.discard(module)
        uses.intersection_update(graph)
        uses.discard("crate")
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def long_files(root: Path) -> list[tuple[Path, int]]:
    """Rust sources (outside their tests) and Python modules over MAX_LINES."""
    out = []
    for path in sorted([*root.rglob("*.rs"), *root.rglob("*.py")]):
        if path.name == "tests.rs":
            continue
        text = path.read_text()
        n = len(without_tests(text) if path.suffix == ".rs" else text.splitlines())
        if n > MAX_LINES:
            out.append((path, n))
    return out


def check(roots: list[Path]) -> list[str]:
    problems = []
    for root in roots:
        for component in cycles(module_graph(root)):
            problems.append(f"{root}: import cycle between {', '.join(component)}")
        for path, n in long_files(root):
            problems.append(
                f"{path}: {n} lines outside its tests (at most {MAX_LINES})"
            )
    return problems


def self_test() -> int:
    """A made-up crate with a cycle and a long file, and a long Python module, must fail."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "src"
        root.mkdir()
        (root / "lib.rs").write_text("pub mod a;\npub mod b;\n")
        (root / "a.rs").write_text("use crate::b::B;\npub struct A;\n")
        (root / "b.rs").write_text("use crate::a::A;\npub struct B;\n" + "// x\n" * 401)
        package = Path(tmp) / "package"
        package.mkdir()
        (package / "long.py").write_text("x = 1\n" * 401)
        problems = check([root, package])
    ok = (
        any("cycle between a, b" in p for p in problems)
        and any("b.rs" in p for p in problems)
        and any("long.py" in p for p in problems)
    )
    print(
        "self-test:",
        "every check fails on a bad layout" if ok else f"MISSED: {problems}",
    )
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    if argv == ["--self-test"]:
        return self_test()
    repo = Path(__file__).resolve().parent.parent
    roots = [Path(a) for a in argv] or sorted(repo.glob("crates/*/src")) + [
        repo / "src",
        repo / "training" / "skincheck_train",
    ]
    problems = check(roots)
    for problem in problems:
        print(problem)
    rust = sum(len(list(r.rglob("*.rs"))) for r in roots)
    python = sum(len(list(r.rglob("*.py"))) for r in roots)
    print(
        f"{len(roots)} roots, {rust} Rust and {python} Python files: "
        f"{len(problems)} layout problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
