#!/usr/bin/env bash
# Write, test and document from the notebook, end to end (`make notebook-package`, part of `make test`).
#
# Copies Tests/Fixtures/NotebookPackage (Package.swift and two nbdev notebooks: exported symbols with the prose above
# them, `//| test` cells) into .build-notebook-package/package, then:
#  1. `nb2swift export` writes the module and the Swift Testing file, `nb2swift docs` the DocC articles; both --check.
#  2. `swift test` runs the notebook's test cells (each named for its cell).
#  3. DocC (the toolchain's `docc convert`, --warnings-as-errors, over the module's symbol graph): the symbols' pages
#     carry the markdown cell above their cell, links between notebooks resolve, the notebook is an article.
#  4. A wrong test cell added to the notebook fails `swift test`, and the failure names the notebook and the cell line.
#  5. The test fixed in the exported file goes back into its cell with `nb2swift update`; `swift test` passes again.
# Usage: scripts/notebook-package-test.sh [path/to/nb2swift]   (default: .build/debug/nb2swift)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
nb2swift=$root/${1:-.build/debug/nb2swift}
[ -x "$nb2swift" ] || { echo "notebook-package: $nb2swift is not built (swift build)" >&2; exit 2; }
base=$root/.build-notebook-package
package=$base/package
scratch=$base/scratch
rm -rf "$package" "$base/symbols" "$base/docs"
mkdir -p "$package"
cp -R Tests/Fixtures/NotebookPackage/. "$package/"
cd "$package"
catalog=Sources/Shapes/Shapes.docc

fail() { echo "notebook-package: $*" >&2; exit 1; }
step() { echo "+ $*" >&2; }

step "export and docs, then --check"
"$nb2swift" export --quiet nbs -o .
"$nb2swift" docs --quiet nbs -o "$catalog"
"$nb2swift" export --check nbs -o .
"$nb2swift" docs --check nbs -o "$catalog"
[ -f Tests/ShapesTests/01_shapesTests.swift ] || fail "export wrote no test file"

step "swift test runs the notebook's test cells"
log=$base/test.log
swift build --build-tests --scratch-path "$scratch" -Xswiftc -emit-symbol-graph \
    -Xswiftc -emit-symbol-graph-dir -Xswiftc "$base/symbols" >"$log" 2>&1 || { cat "$log"; fail "build failed"; }
swift test --skip-build --scratch-path "$scratch" >"$log" 2>&1 || { cat "$log"; fail "swift test failed"; }
grep -F '✔ Test "01_shapes.ipynb: cell 9 (id "square-test")" passed' "$log" >/dev/null || fail "cell 9's test did not run"
grep -F 'Test run with 2 tests' "$log" >/dev/null || { cat "$log"; fail "expected 2 tests"; }

step "docc convert: the symbols carry the notebook's prose"
# The build wrote every module's symbol graph (tests included): DocC documents one module, Shapes.
mkdir -p "$base/symbols/Shapes"
cp "$base/symbols/Shapes.symbols.json" "$base/symbols/Shapes/"
docc convert "$catalog" --additional-symbol-graph-dir "$base/symbols/Shapes" --output-path "$base/docs" \
    --fallback-display-name Shapes --fallback-bundle-identifier org.example.Shapes --warnings-as-errors \
    >"$log" 2>&1 || { cat "$log"; fail "docc convert failed"; }
/usr/bin/python3 - "$base/docs/data/documentation/shapes" <<'EOF' || fail "the DocC pages do not say what the notebook says"
import json, sys
pages = sys.argv[1]
def page(name):
    with open(f"{pages}/{name}.json") as f:
        return json.load(f)
def texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "code", "overridingTitle") and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)
square = page("square")
assert "".join(texts(square["abstract"])) == "A square, given the length of its sides.", square["abstract"]
overview = json.dumps(square["primaryContentSections"])
assert '"identifier": "doc://org.example.Shapes/documentation/Shapes/02_notes#Areas-and-sides"' in overview, overview
area = page("area(ofsquarewithside:)")
assert "".join(texts(area["abstract"])).startswith("The area of a square whose sides are side long"), area["abstract"]
article = page("01_shapes")
assert article["metadata"]["title"] == "Shapes", article["metadata"]
body = article["primaryContentSections"][0]["content"]
code = [b for b in body if b.get("type") == "codeListing"]
assert any("public struct Square: Sendable {" in b["code"] for b in code), "no listing of the Square cell"
assert any(b.get("type") == "heading" and b.get("text") == "Tests" for b in body), "no Tests heading"
EOF

step "a wrong test cell fails swift test, and the failure names the notebook cell"
python3 - nbs/01_shapes.ipynb <<'EOF'
import json, sys
path = sys.argv[1]
with open(path) as f:
    notebook = json.load(f)
notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "wrong-test", "metadata": {},
                          "outputs": [], "source": ["//| test\n", "let side = 2.0\n",
                                                    "#expect(area(ofSquareWithSide: side) == 5)"]})
with open(path, "w") as f:
    f.write(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
EOF
"$nb2swift" export --quiet nbs -o .
if swift test --scratch-path "$scratch" >"$log" 2>&1; then cat "$log"; fail "the wrong test passed"; fi
grep -F '✘ Test "01_shapes.ipynb: cell 11 (id "wrong-test")" recorded an issue at 01_shapes.ipynb#cell11:3:' "$log" \
    >/dev/null || { cat "$log"; fail "the failure does not name the notebook cell and its line"; }
# Swift Testing shows the comment above a failed test: the marker line, with the notebook's path.
grep -F '↳ // %% nbs/01_shapes.ipynb cell=wrong-test' "$log" >/dev/null || { cat "$log"; fail "no notebook path"; }
grep -F '✘ Test run with 3 tests' "$log" >/dev/null || { cat "$log"; fail "expected 3 tests, one failing"; }

step "the test fixed in the exported file goes back into its cell with update"
sed -i 's/#expect(area(ofSquareWithSide: side) == 5)/#expect(area(ofSquareWithSide: side) == 4)/' \
    Tests/ShapesTests/01_shapesTests.swift
"$nb2swift" update --quiet nbs -o .
grep -F '"#expect(area(ofSquareWithSide: side) == 4)"' nbs/01_shapes.ipynb >/dev/null || fail "update left the cell"
"$nb2swift" export --check nbs -o .
swift test --scratch-path "$scratch" >"$log" 2>&1 || { cat "$log"; fail "swift test failed after update"; }
grep -F 'Test run with 3 tests' "$log" >/dev/null || { cat "$log"; fail "expected 3 passing tests"; }
echo "notebook-package: passed (tests from cells ran and failed at the cell; DocC pages carry the notebook's prose)"
