#!/usr/bin/env python3
"""Checks every module of src/ against the one table of allowed edges in docs/architecture.md.

The table sits between the markers `<!-- edges:begin -->` and `<!-- edges:end -->`; each row is
`| module | modules it may include | libraries it may include |`. A module is a folder of src/, or
a context folder of app/ (app/organisation …). For every source file outside tests and
benchmarks it checks:
  - each `#include "X/…"` names the file's own module or one the row allows ("app/*" allows
    every context of app/, a path such as "app/*/ports.hpp" allows those headers only);
  - each `#include <…>` that is not a standard header is a library the row allows;
  - the time of day is read through core::Clock only (no `system_clock::now()` outside
    core/clock.hpp), so that every use case can be tested at any date;
and then that every folder has a row and every row a folder, that the `DEPS` of each
module's CMakeLists.txt name only modules the row allows, and that the diagram between
`<!-- diagram:begin -->` and `<!-- diagram:end -->` is the table's (`--diagram` prints it: each
allowed edge that no longer path implies). Exit status 1 on any finding.
"""
import fnmatch
import os
import pathlib
import re
import sys

# The checkout; a test points it at a tree of its own.
ROOT = pathlib.Path(os.environ.get("UNGCUU_LAYERING_ROOT") or
                    pathlib.Path(__file__).resolve().parent.parent)
SRC = ROOT / "src"
MAP = ROOT / "docs" / "architecture.md"

# Library name (as the table writes it) -> the include paths that are that library.
LIBRARIES = {
    "fmt": r"fmt/",
    "Boost.JSON": r"boost/json",
    "Boost.Asio": r"boost/asio",
    "Boost.Beast": r"boost/beast",
    "spdlog": r"spdlog/",
    "SQLite": r"sqlite3\.h$",
    "libpq": r"(libpq-fe\.h|postgresql/)",
    "libsodium": r"sodium",
    "OpenSSL": r"openssl/",
    "libcurl": r"curl/",
    "CLI11": r"CLI/",
    "yaml-cpp": r"yaml-cpp/",
    "RE2": r"re2/",
    "Vectorscan": r"hs/",
    "simdjson": r"simdjson\.h$",
    "pugixml": r"pugixml\.hpp$",
    "libzip": r"zip\.h$",
    "libmagic": r"magic\.h$",
    "Pango": r"pango/",
    "Cairo": r"cairo",
    "zlib": r"zlib\.h$",
    "libxlsxwriter": r"xlsxwriter\.h$",
    "YARA": r"yara\.h$",
    "libclamav": r"clamav\.h$",
    "POSIX": r"(unistd|fcntl|poll|signal|netdb|resolv|spawn)\.h$|^(sys|arpa|netinet)/",
}
TEST_FILE = re.compile(r"_(test|pgtest|benchmark)\.cpp$")
QUOTED = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
ANGLED = re.compile(r"^\s*#\s*include\s+<([^>]+)>", re.M)
WALL_CLOCK = re.compile(r"system_clock::now\(")


def read_table():
    text = MAP.read_text(encoding="utf-8")
    match = re.search(r"<!-- edges:begin -->(.*?)<!-- edges:end -->", text, re.S)
    if not match:
        sys.exit(f"layering: no table between <!-- edges:begin --> and <!-- edges:end --> in {MAP}")
    table = {}
    for line in match.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = [re.findall(r"`([^`]+)`", cell) for cell in cells]
        module = names[0][0]
        unknown = [lib for lib in names[2] if lib not in LIBRARIES]
        if unknown:
            sys.exit(f"layering: the row of {module} names unknown libraries {unknown}; "
                     f"add them to LIBRARIES in {pathlib.Path(__file__).name}")
        table[module] = (names[1], names[2])
    return table


def module_of(relative):
    """The module a path under src/ (or an include path) belongs to."""
    parts = relative.split("/")
    if parts[0] == "app" and len(parts) > 2:
        return "app/" + parts[1]
    return parts[0]


def modules_on_disk():
    found = set()
    for folder in SRC.iterdir():
        if folder.is_dir():
            found.add(folder.name)
    for folder in (SRC / "app").iterdir():
        if folder.is_dir():
            found.add("app/" + folder.name)
    return found


def allows(module, allowed, include):
    target = module_of(include)
    if target == module or "*" in allowed:
        return True
    for entry in allowed:
        if entry == target or (entry == "app/*" and target.startswith("app/")):
            return True
        if "." in entry and fnmatch.fnmatch(include, entry):
            return True
    return False


def check_sources(table):
    problems = []
    for path in sorted(SRC.rglob("*.[ch]pp")):
        relative = path.relative_to(SRC).as_posix()
        if TEST_FILE.search(relative):
            continue
        module = module_of(relative)
        if module not in table:
            continue  # reported once by check_rows
        allowed, libraries = table[module]
        text = path.read_text(encoding="utf-8")
        for include in QUOTED.findall(text):
            if "/" in include and not allows(module, allowed, include):
                problems.append(f"src/{relative}: {module} may not include \"{include}\"")
        if relative != "core/clock.hpp" and WALL_CLOCK.search(text):
            problems.append(f"src/{relative}: reads system_clock directly; take a core::Clock")
        for include in ANGLED.findall(text):
            if "/" not in include and not include.endswith((".h", ".hpp")):
                continue  # the standard library
            if not any(re.search(LIBRARIES[lib], include) for lib in libraries):
                problems.append(f"src/{relative}: {module} may not include <{include}> "
                                f"(allowed: {', '.join(libraries) or 'no library'})")
    return problems


def check_rows(table):
    problems = []
    disk = modules_on_disk()
    for module in sorted(disk - table.keys()):
        problems.append(f"src/{module}/ has no row in the table of {MAP.name}")
    for module in sorted(table.keys() - disk):
        problems.append(f"the table of {MAP.name} has a row for {module}, which is not in src/")
    return problems


def check_cmake(table):
    problems = []
    for cmake in sorted(SRC.glob("*/CMakeLists.txt")):
        module = cmake.parent.name
        if module not in table:
            continue
        allowed = table[module][0]
        text = cmake.read_text(encoding="utf-8")
        for call in re.findall(r"ungcuu_module\((.*?)\)", text, re.S):
            deps = call.split("TEST_DEPS")[0]
            for dep in re.findall(r"\bungcuu_([a-z_]+)", deps):
                if dep != module and not allows(module, allowed, dep + "/x.hpp"):
                    problems.append(f"src/{module}/CMakeLists.txt links ungcuu_{dep}, "
                                    f"which the table does not allow {module}")
    return problems


def edges(table):
    """The module graph of the table: module -> modules it may include (header patterns such
    as app/*/ports.hpp left out), reduced to the edges no longer path implies."""
    graph = {}
    for module, (allowed, _) in table.items():
        targets = set()
        for entry in allowed:
            if entry == "*":
                targets |= set(table) - {module}
            elif entry == "app/*":
                targets |= {m for m in table if m.startswith("app/")}
            elif "." not in entry and entry in table:
                targets.add(entry)
        graph[module] = targets - {module}

    def reachable(start, skip_edge):
        seen, stack = set(), [t for t in graph[start] if (start, t) != skip_edge]
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(graph[node])
        return seen

    return {m: sorted(t for t in graph[m] if t not in reachable(m, (m, t))) for m in graph}


def diagram(table):
    lines = ["```mermaid", "flowchart TD"]
    for module, targets in edges(table).items():
        for target in targets:
            lines.append(f"  {module.replace('/', '_')}[{module}] --> "
                         f"{target.replace('/', '_')}[{target}]")
    lines.append("```")
    return "\n".join(lines)


def check_diagram(table):
    text = MAP.read_text(encoding="utf-8")
    match = re.search(r"<!-- diagram:begin -->\n(.*?)\n<!-- diagram:end -->", text, re.S)
    if not match or match.group(1) != diagram(table):
        return [f"the diagram of {MAP.name} differs from its table; paste the output of "
                f"`tools/check_layering.py --diagram` between <!-- diagram:begin/end -->"]
    return []


def main():
    table = read_table()
    if sys.argv[1:] == ["--diagram"]:
        print(diagram(table))
        return 0
    problems = (check_rows(table) + check_sources(table) + check_cmake(table) +
                check_diagram(table))
    for problem in problems:
        print("layering:", problem)
    if problems:
        print(f"layering: {len(problems)} finding(s); the allowed edges are the table in "
              f"docs/architecture.md")
        return 1
    print(f"layering: {len(table)} modules include only what the table of docs/architecture.md "
          f"allows them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
