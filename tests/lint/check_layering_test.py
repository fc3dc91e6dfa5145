#!/usr/bin/env python3
"""tools/check_layering.py on small trees of its own: a clean one passes, and each kind of breach
(an outward include, a library outside the row, a folder without a row, a row without a folder,
a CMake dependency outside the row, a diagram that is not the table's, the wall clock read
directly) is reported by name."""
import os
import pathlib
import subprocess
import sys
import tempfile

CHECK = pathlib.Path(__file__).resolve().parents[2] / "tools" / "check_layering.py"

TABLE = """# map
<!-- edges:begin -->
| module | may include | libraries |
| --- | --- | --- |
| `core` | — | `fmt` |
| `app` | `core` | — |
| `app/orders` | `core`, `app` | — |
| `web` | `core`, `app`, `app/*` | `Boost.JSON` |
<!-- edges:end -->
"""


def make_tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run(root):
    env = dict(os.environ, UNGCUU_LAYERING_ROOT=str(root))
    done = subprocess.run([sys.executable, str(CHECK)], env=env, capture_output=True, text=True)
    return done.returncode, done.stdout


def clean_files(root):
    files = {
        "src/core/a.hpp": "#include <vector>\n#include <fmt/format.h>\n",
        "src/app/ports.hpp": '#include "core/a.hpp"\n',
        "src/app/orders/service.cpp": '#include "app/ports.hpp"\n#include "core/a.hpp"\n',
        "src/web/api.cpp": '#include "app/orders/service.hpp"\n#include <boost/json.hpp>\n',
        "src/web/CMakeLists.txt": "ungcuu_module(web DEPS ungcuu_app ungcuu_core)\n",
        "src/core/core_test.cpp": '#include <gtest/gtest.h>\n#include "web/api.hpp"\n',
    }
    make_tree(root, files)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs/architecture.md").write_text(TABLE, encoding="utf-8")
    env = dict(os.environ, UNGCUU_LAYERING_ROOT=str(root))
    diagram = subprocess.run([sys.executable, str(CHECK), "--diagram"], env=env,
                             capture_output=True, text=True, check=True).stdout.rstrip("\n")
    (root / "docs/architecture.md").write_text(
        TABLE + "<!-- diagram:begin -->\n" + diagram + "\n<!-- diagram:end -->\n", encoding="utf-8")


def remove_web(root):
    for name in ("api.cpp", "CMakeLists.txt"):
        (root / "src/web" / name).unlink()
    (root / "src/web").rmdir()


def expect(case, breach, wanted):
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        clean_files(root)
        breach(root)
        status, out = run(root)
        if status != 1 or wanted not in out:
            print(f"FAIL {case}: status {status}, expected to read {wanted!r} in:\n{out}")
            return False
        print(f"ok   {case}")
        return True


def main():
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        clean_files(root)
        status, out = run(root)
        if status != 0:
            print(f"FAIL the clean tree is refused:\n{out}")
            return 1
        print("ok   a clean tree passes (tests may include anything)")
    cases = [
        ("outward include",
         lambda r: make_tree(r, {"src/core/b.cpp": '#include "app/ports.hpp"\n'}),
         'core may not include "app/ports.hpp"'),
        ("context to context",
         lambda r: make_tree(r, {"src/app/x.cpp": '#include "app/orders/service.hpp"\n'}),
         'app may not include "app/orders/service.hpp"'),
        ("library outside the row",
         lambda r: make_tree(r, {"src/app/c.cpp": "#include <sqlite3.h>\n"}),
         "app may not include <sqlite3.h>"),
        ("folder without a row", lambda r: make_tree(r, {"src/extra/d.cpp": "int x;\n"}),
         "src/extra/ has no row"),
        ("row without a folder", remove_web, "has a row for web, which is not in src/"),
        ("CMake dependency outside the row",
         lambda r: make_tree(r, {"src/app/CMakeLists.txt": "ungcuu_module(app DEPS ungcuu_web)\n"}),
         "links ungcuu_web"),
        ("diagram not the table's",
         lambda r: (r / "docs/architecture.md").write_text(TABLE, encoding="utf-8"),
         "diagram of architecture.md differs"),
        ("wall clock read directly",
         lambda r: make_tree(r, {"src/app/e.cpp": "auto t = std::chrono::system_clock::now();\n"}),
         "reads system_clock directly"),
    ]
    results = [expect(*case) for case in cases]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
