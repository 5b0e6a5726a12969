"""Mutation testing of the security and money rules (`make mutate`; README "Mutation testing").

A small, deterministic runner instead of mutmut/cosmic-ray: each mutant is one operator change in one
named rule function; the project is copied to `mutants/` (git-ignored), the mutated module is written
there, and only the tests that cover that module run against the real PostgreSQL and Redis
(`pytest -x -q -p no:randomly --reuse-db`). A mutant is *killed* when a test fails, *survives* when
all pass, and *times out* when the tests take more than three times the clean run (+30 s).
One mutant at a time, one pytest process: it shares the machine.

    .venv/bin/python bench/mutate.py                     # every module below
    .venv/bin/python bench/mutate.py pins memberships    # some of them
    .venv/bin/python bench/mutate.py pins --list         # only show the mutants
    .venv/bin/python bench/mutate.py pins --only 82,98   # re-check some survivors after adding a test

Mutation operators (chosen for rules, not style: no string mutations, which would only test wording):
comparison flips (== / !=, < / <=, > / >=, in / not in, is / is not), and <-> or, dropping a `not`,
True <-> False, an integer n -> n + 1, + <-> -, a `raise` replaced by `pass`, a bare call statement
(e.g. a check or a save) replaced by `pass`, and `return X` -> `return None`.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutants"

# module key -> the file, the functions that hold its rules, the tests that cover it.
MODULES: dict[str, dict] = {
    "pins": {
        "file": "businesses/services/pins.py",
        "functions": [
            "pin_issue",
            "pin_request_process",
            "pin_requests_alarm",
            "pin_redeem",
            "_pin_spend",
            "_account_failures",
            "_redeem_limit_reached",
            "pin_account_lock",
            "pin_guessing_check",
            "pins_revoke_after_failures",
        ],
        "tests": [
            "businesses/tests/test_pins.py",
            "businesses/tests/test_pin_redeem.py",
            "businesses/tests/test_pin_limits.py",
            "businesses/tests/test_pin_request.py",
            "businesses/tests/test_admin.py",
        ],
    },
    "memberships": {
        "file": "businesses/services/memberships.py",
        "functions": [
            "membership_finalise",
            "_check_not_last_admin",
            "membership_end",
            "membership_leave",
            "membership_remove",
            "membership_end_by_staff",
            "membership_change_role",
        ],
        "tests": [
            "businesses/tests/test_memberships.py",
            "businesses/tests/test_finalise.py",
            "businesses/tests/test_admin.py",
            "businesses/tests/test_pin_limits.py::test_a_new_link_is_mailed_to_the_business_and_its_admins",
            "businesses/tests/test_pin_redeem.py::test_redeem_creates_pending_admin_membership_and_finalising_activates_it",
        ],
    },
    "access": {
        "file": "businesses/access.py",
        "functions": [
            "links_for",
            "memberships_for",
            "members_of",
            "businesses_for",
            "business_scope",
            "membership_for",
            "require_admin",
            "_staff_may_view",
            "get_for_user",
            "current_memberships",
            "current_membership",
            "current_membership_set",
            "_attach",
            "business_member_required",
            "business_admin_required",
        ],
        "tests": [
            "portal/tests/security/test_business_isolation.py",
            "businesses/tests/test_memberships.py",
            "businesses/tests/test_access_rule.py",
            "courses/tests/test_business_bookings.py",
            # The other readers of the access rule: members_of, business_scope, links_for, the policy.
            "businesses/tests/test_second_factor.py",
            "documents/tests/test_postfach.py",
            "forms_catalog/tests/test_business_forms.py",
            "forms_catalog/tests/test_my_submissions.py",
            # Not contracts/tests/test_workflow.py: its transactional test flushes the migrations' rows
            # and every later --reuse-db run would then fail (false kills).
        ],
    },
    "bookings": {
        "file": "courses/services.py",
        "functions": [
            "booking_create",
            "_close_gap",
            "course_fill_from_waitlist",
            "booking_cancel",
            "course_cancel",
            "course_capacity_changed",
        ],
        "tests": [
            "courses/tests/test_booking_services.py",
            "courses/tests/test_business_bookings.py",
            "courses/tests/test_concurrency.py",
        ],
    },
    "uploads": {
        "file": "portal/files.py",
        "functions": [
            "safe_name",
            "_extension",
            "download_name",
            "detect_kind",
            "_pdf_is_complete",
            "_image_is_valid",
            "_ooxml_kind",
            "_odf_kind",
            "_office_kind",
            "check_upload",
        ],
        "tests": [
            "portal/tests/test_files.py",
            "portal/tests/test_files_office.py",
            # PDF, JPEG and PNG checks are exercised through the forms and the Postfach uploads.
            "forms_catalog/tests/test_fill.py",
            "documents/tests/test_upload.py",
        ],
    },
    # Listed so the next run covers them; no before/after recorded yet (README "Mutation testing").
    "invitations": {
        "file": "businesses/services/invitations.py",
        "functions": [
            "invitation_refusal",
            "_rate_limit",
            "invitation_create",
            "invitation_accept",
            "invitation_revoke",
        ],
        "tests": ["businesses/tests/test_invitations.py"],
    },
    "contracts": {
        "file": "contracts/workflow.py",
        "functions": ["events_from", "is_reviewer", "require_actor", "members_to_notify", "transition"],
        "tests": ["contracts/tests/test_workflow.py", "contracts/tests/test_rules.py", "contracts/tests/test_views.py"],
    },
    "documents": {
        "file": "documents/services.py",
        "functions": [
            "uploads_check",
            "_rate_limit",
            "_side",
            "_receiving_side",
            "document_submit",
            "document_send",
            "document_mark_read",
            "document_mark_done",
            "document_reopen",
            "document_delete",
            "documents_delete_expired",
        ],
        "tests": [
            "documents/tests/test_upload.py",
            "documents/tests/test_postfach.py",
            "documents/tests/test_staff.py",
            "documents/tests/test_retention.py",
        ],
    },
}

COMPARE_SWAP = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
QUIET_CALLS = {"logger", "log", "logging"}  # dropping a log line is not a rule


@dataclass
class Mutant:
    index: int
    line: int
    what: str
    source_line: str
    status: str = ""
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


def _targets(tree: ast.Module, functions: list[str]) -> list[ast.AST]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in functions:
            found.append(node)
    missing = set(functions) - {f.name for f in found}
    if missing:
        raise SystemExit(f"functions not found: {sorted(missing)}")
    return found


def _is_quiet_call(call: ast.Call) -> bool:
    func = call.func
    while isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id in QUIET_CALLS


def _mutations(node: ast.AST) -> list[tuple[str, callable]]:
    """The mutations of one node, as (description, function applying it to a copy of that node)."""
    out = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            swap = COMPARE_SWAP.get(type(op))
            if swap:

                def apply(n, i=i, swap=swap):
                    n.ops[i] = swap()

                out.append((f"{type(op).__name__} -> {swap.__name__}", apply))
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And

        def apply(n, other=other):
            n.op = other()

        out.append((f"{type(node.op).__name__} -> {other.__name__}", apply))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append(("drop not", "unwrap"))
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):

        def apply(n):
            n.value = not n.value

        out.append((f"{node.value} -> {not node.value}", apply))
    elif isinstance(node, ast.Constant) and type(node.value) is int:

        def apply(n):
            n.value = n.value + 1

        out.append((f"{node.value} -> {node.value + 1}", apply))
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        other = ast.Sub if isinstance(node.op, ast.Add) else ast.Add

        def apply(n, other=other):
            n.op = other()

        out.append((f"{type(node.op).__name__} -> {other.__name__}", apply))
    elif isinstance(node, ast.Raise):
        out.append(("raise -> pass", "pass"))
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and not _is_quiet_call(node.value):
        out.append(("call statement -> pass", "pass"))
    elif (
        isinstance(node, ast.Return)
        and node.value is not None
        and not (
            isinstance(node.value, ast.Constant) and not node.value.value  # None, False, 0: None is no change
        )
    ):

        def apply(n):
            n.value = ast.Constant(value=None)

        out.append(("return X -> return None", apply))
    return out


def _nodes_in(functions: list[ast.AST]) -> list[ast.AST]:
    seen, nodes = set(), []
    for function in functions:
        for node in ast.walk(function):
            if node is function or id(node) in seen:
                continue
            seen.add(id(node))
            nodes.append(node)
    return sorted(nodes, key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))


def generate(source: str, functions: list[str]) -> list[tuple[Mutant, str]]:
    """Every mutant of the named functions, with the mutated module source."""
    tree = ast.parse(source)
    lines = source.splitlines()
    original = ast.unparse(tree)
    # Index the nodes once; each mutant re-parses and finds its node by the same walk order.
    targets = _nodes_in(_targets(tree, functions))
    mutants = []
    for position, node in enumerate(targets):
        for what, apply in _mutations(node):
            fresh = ast.parse(source)
            fresh_node = _nodes_in(_targets(fresh, functions))[position]
            if apply == "unwrap":
                _replace(fresh, fresh_node, fresh_node.operand)
            elif apply == "pass":
                _replace(fresh, fresh_node, ast.Pass())
            else:
                apply(fresh_node)
            ast.fix_missing_locations(fresh)
            mutated = ast.unparse(fresh)
            if mutated == original:
                continue
            line = node.lineno
            mutants.append((Mutant(len(mutants) + 1, line, what, lines[line - 1].strip()[:100]), mutated))
    return mutants


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return
    raise RuntimeError("node not found")


def _copy_project() -> None:
    if WORK.exists():
        shutil.rmtree(WORK)
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "mutants", "media", "private_media", "staticfiles", "test-results", "__pycache__", "*.pyc"
    )
    shutil.copytree(ROOT, WORK, ignore=ignore, symlinks=True)


def _pytest(tests: list[str], timeout: float, *, create_db: bool = False) -> tuple[str, float]:
    # The clean run builds the test database afresh: a transactional test of an earlier module flushes
    # the rows the migrations wrote (occupations, departments), and --reuse-db would keep it so.
    db = "--create-db" if create_db else "--reuse-db"
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", db, *tests]
    # The real-worker and latency tests start a Celery worker: minutes per mutant, and covered elsewhere.
    command += ["-m", "not e2e", "-k", "not real_worker"]
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}
    started = time.monotonic()
    try:
        result = subprocess.run(command, cwd=WORK, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started
    elapsed = time.monotonic() - started
    _pytest.last_output = (result.stdout + result.stderr).decode(errors="replace")
    if result.returncode == 0:
        return "survived", elapsed
    if result.returncode in (1, 2):  # a failing test, or the module no longer imports
        return "killed", elapsed
    tail = (result.stdout + result.stderr).decode(errors="replace")[-2000:]
    raise SystemExit(f"pytest ended with {result.returncode}:\n{tail}")


def run_module(key: str, *, only_list: bool, only: set[int] | None = None) -> dict:
    spec = MODULES[key]
    path = ROOT / spec["file"]
    source = path.read_text()
    mutants = generate(source, spec["functions"])
    if only:
        mutants = [(mutant, mutated) for mutant, mutated in mutants if mutant.index in only]
    print(f"\n== {key}: {spec['file']} — {len(mutants)} mutants in {len(spec['functions'])} functions", flush=True)
    if only_list:
        for mutant, _ in mutants:
            print(f"  #{mutant.index:3d} line {mutant.line:4d} {mutant.what:28s} {mutant.source_line}")
        return {}
    _copy_project()
    target = WORK / spec["file"]
    started = time.monotonic()
    status, clean_seconds = _pytest(spec["tests"], timeout=1800, create_db=True)
    if status != "survived":
        tail = getattr(_pytest, "last_output", "")[-3000:]
        raise SystemExit(f"{key}: the covering tests fail without any mutation — fix them first\n{tail}")
    timeout = clean_seconds * 3 + 30
    print(f"   clean run {clean_seconds:.1f} s; timeout per mutant {timeout:.0f} s", flush=True)
    try:
        for mutant, mutated in mutants:
            # The clean run left byte code for the project; the mutated module's own must not be reused.
            for stale in target.parent.glob(f"__pycache__/{target.stem}.*"):
                stale.unlink()
            target.write_text(mutated)
            mutant.status, mutant.seconds = _pytest(spec["tests"], timeout=timeout)
            mark = {"killed": ".", "survived": "S", "timeout": "T"}[mutant.status]
            print(mark, end="", flush=True)
    finally:
        target.write_text(source)
        for stale in target.parent.glob(f"__pycache__/{target.stem}.*"):
            stale.unlink()
    # The same tests, unmutated, on the database the mutants used: if they fail now, something (a
    # transactional test flushing the migrations' rows) broke the database and the kills are not real.
    recheck, _ = _pytest(spec["tests"], timeout=timeout)
    if recheck != "survived":
        print("\n   WARNING: the covering tests fail unmutated on the reused database — kills are not trustworthy")
    counts = {s: sum(1 for m, _ in mutants if m.status == s) for s in ("killed", "survived", "timeout")}
    total = len(mutants)
    score = 100.0 * (counts["killed"] + counts["timeout"]) / total if total else 100.0
    runtime = time.monotonic() - started
    print(
        f"\n   {total} mutants: {counts['killed']} killed, {counts['survived']} survived, "
        f"{counts['timeout']} timeout — score {score:.1f} % in {runtime / 60:.1f} min",
        flush=True,
    )
    for mutant, _ in mutants:
        if mutant.status == "survived":
            print(f"   SURVIVED #{mutant.index} line {mutant.line}: {mutant.what} — {mutant.source_line}")
    return {
        "module": spec["file"],
        "mutants": total,
        **counts,
        "score": round(score, 1),
        "minutes": round(runtime / 60, 1),
        "survivors": [
            {"index": m.index, "line": m.line, "mutation": m.what, "source": m.source_line}
            for m, _ in mutants
            if m.status == "survived"
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="default: all of " + ", ".join(MODULES))
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument("--only", default="", help="run only these mutants of one module, e.g. --only 82,98")
    args = parser.parse_args()
    unknown = set(args.modules) - set(MODULES)
    if unknown:
        parser.error(f"unknown modules: {sorted(unknown)}")
    results = {}
    for key in args.modules or list(MODULES):
        only = {int(n) for n in args.only.split(",") if n.strip()}
        results[key] = run_module(key, only_list=args.list, only=only)
    if not args.list:
        out = ROOT / "mutants" / "results.json"
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        print(f"\nresults: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
