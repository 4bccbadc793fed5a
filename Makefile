# nb2swift — the two commands a user needs are `make demo` (the main job) and `make test` (the tests).
SHELL := /bin/bash
SWIFT ?= swift
# DocC, from the Swift toolchain (what swift-docc-plugin runs).
DOCC ?= docc
NB2SWIFT := .build/debug/nb2swift
# The reference pipeline: the notebook, the package it generates, and where that package builds.
RUNTIME := TorchRuntime
RUNTIME_SCRATCH := $(CURDIR)/.build-runtime
PIPELINE_NOTEBOOK := notebooks/05_going_modular.ipynb
PIPELINE := generated/going_modular
PIPELINE_SCRATCH := $(CURDIR)/.build-going_modular
PIPELINE_BIN := $(PIPELINE_SCRATCH)/release
# The lesson as documentation: the notebook as a DocC article (`nb2swift docs`), and where `make docs` builds it.
PIPELINE_CATALOG := $(PIPELINE)/GoingModular.docc
PIPELINE_SITE := $(CURDIR)/.build-docs/going_modular
MODEL_DIR := models
# A package whose target holds a notebook, built through the NotebookSources build-tool plugin.
PLUGIN_FIXTURE := Tests/Fixtures/NotebookTarget

.PHONY: deps deps-converter deps-docs build release generate check-generated test test-torch2 demo docs plugin-fixture \
	notebook-package

deps:
	scripts/install-deps.sh all

deps-converter:
	scripts/install-deps.sh converter

deps-docs:
	scripts/install-deps.sh docs

build: deps
	$(SWIFT) build

## The converter for use: a release build with the Swift standard library linked in, which starts about a third
## faster than one that loads it (BENCHMARKS.md, scripts/bench-startup.sh): .build/release/nb2swift.
release: deps-converter
	$(SWIFT) build -c release --static-swift-stdlib --product nb2swift

## generated/ from the notebook, with the converter only: the package's files (each with the prose above its cell)
## and the lesson's DocC catalog. check-generated writes nothing and fails, with a diff, on any stale, missing or
## orphaned file.
generate: deps-converter
	$(SWIFT) build --product nb2swift
	$(NB2SWIFT) --docs $(PIPELINE_NOTEBOOK) -o generated
	$(NB2SWIFT) docs $(PIPELINE_NOTEBOOK) -o $(PIPELINE_CATALOG)

check-generated: deps-converter
	$(SWIFT) build --product nb2swift
	$(NB2SWIFT) --check --docs $(PIPELINE_NOTEBOOK) -o generated
	$(NB2SWIFT) docs --check $(PIPELINE_NOTEBOOK) -o $(PIPELINE_CATALOG)
	$(NB2SWIFT) --check  # the same two pairs, as the repository's nb2swift.toml declares them

## The tests: the converter (root package), the runtime package, then the reference pipeline: generated/ must be
## exactly what the notebook gives (a stale, missing or orphaned file fails with a diff naming it), every module of it
## at most twice the Python file it mirrors (scripts/lesson-size.sh prints the table), and its package must pass.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	$(SWIFT) build --build-tests --package-path $(RUNTIME) --scratch-path $(RUNTIME_SCRATCH)
	$(SWIFT) test --package-path $(RUNTIME) --scratch-path $(RUNTIME_SCRATCH)
	$(NB2SWIFT) --check --docs $(PIPELINE_NOTEBOOK) -o generated
	$(NB2SWIFT) docs --check $(PIPELINE_NOTEBOOK) -o $(PIPELINE_CATALOG)
	$(NB2SWIFT) --check
	scripts/lesson-size.sh
	$(SWIFT) build --build-tests --package-path $(PIPELINE) --scratch-path $(PIPELINE_SCRATCH)
	$(SWIFT) test --package-path $(PIPELINE) --scratch-path $(PIPELINE_SCRATCH)
	$(MAKE) plugin-fixture
	$(MAKE) notebook-package

## The SwiftPM plugins: `swift build` exports the fixture target's notebook and compiles it; its test calls the code.
plugin-fixture:
	$(SWIFT) build --build-tests --package-path $(PLUGIN_FIXTURE) --scratch-path $(CURDIR)/.build-notebook-target
	$(SWIFT) test --package-path $(PLUGIN_FIXTURE) --scratch-path $(CURDIR)/.build-notebook-target

## Write, test and document from the notebook: the fixture's nbdev notebooks exported (module, Swift Testing file) and
## documented (DocC articles); `swift test` runs their `//| test` cells, a wrong one fails at its notebook cell, and
## DocC gives the symbols the notebook's prose (scripts/notebook-package-test.sh says each step).
notebook-package:
	$(SWIFT) build --product nb2swift
	scripts/notebook-package-test.sh $(NB2SWIFT)

## The runtime against PyPI's torch 2.x instead of Debian's libtorch 1.13: scripts/install-torch2.sh makes (or reuses)
## .venvs/torch2 with torch==2.15.0; TORCH_RUNTIME_LIBTORCH points TorchRuntime/Package.swift at its libtorch; the
## runtime's tests run against it (DeviceTests checks the linked version; the Python interop tests use the venv's
## torch 2.x), then the generated package's. Separate scratch folders, so `make test` (Debian's libtorch) is not
## rebuilt.
test-torch2: deps
	@set -euo pipefail; \
	torch_dir=$$(scripts/install-torch2.sh); \
	version=$$(.venvs/torch2/bin/python -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null); \
	echo "+ libtorch $$version from $$torch_dir"; \
	export TORCH_RUNTIME_LIBTORCH=$$torch_dir TORCH_RUNTIME_EXPECT_VERSION=$$version \
		TORCH_RUNTIME_PYTHON=$(CURDIR)/.venvs/torch2/bin/python; \
	$(SWIFT) build --build-tests --package-path $(RUNTIME) --scratch-path $(RUNTIME_SCRATCH)-torch2; \
	$(SWIFT) test --package-path $(RUNTIME) --scratch-path $(RUNTIME_SCRATCH)-torch2; \
	$(SWIFT) build --build-tests --package-path $(PIPELINE) --scratch-path $(PIPELINE_SCRATCH)-torch2; \
	$(SWIFT) test --package-path $(PIPELINE) --scratch-path $(PIPELINE_SCRATCH)-torch2; \
	echo "test-torch2: passed against libtorch $$version"

## The main job: convert the notebook, build the generated package, get data (the lesson's zip, or the offline
## Fashion-MNIST stand-in), train TinyVGG for 5 epochs, save the model with its curves and metrics, predict one image.
demo: deps
	$(SWIFT) build --product nb2swift
	$(NB2SWIFT) --quiet --docs $(PIPELINE_NOTEBOOK) -o generated
	$(NB2SWIFT) docs --quiet $(PIPELINE_NOTEBOOK) -o $(PIPELINE_CATALOG)
	$(SWIFT) build -c release --package-path $(PIPELINE) --scratch-path $(PIPELINE_SCRATCH)
	$(PIPELINE_BIN)/get_data --data-dir data
	@set -e; \
	if [ -d data/pizza_steak_sushi/train ]; then set_dir=data/pizza_steak_sushi; else set_dir=data/fashion_mnist_standin; fi; \
	echo "+ train on $$set_dir"; \
	$(PIPELINE_BIN)/train --num-epochs 5 --train-dir $$set_dir/train --test-dir $$set_dir/test --model-dir $(MODEL_DIR); \
	image=$$(find $$set_dir/test -name '*.jpg' | sort | head -n 1); \
	echo "+ predict $$image"; \
	$(PIPELINE_BIN)/predict --image $$image --model-path $(MODEL_DIR)/05_going_modular_script_mode_tinyvgg_model.pth
	@echo "Model, settings, metrics and loss/accuracy curves: $(MODEL_DIR)/05_going_modular_script_mode_tinyvgg_model.*"

## The reference documentation: the DocC catalogs of the converter (Sources/NotebookKit/NotebookKit.docc) and of
## the runtime (TorchRuntime/Sources/{Torch,TorchVision,TorchCommandLine}/*.docc), built with swift-docc-plugin, and
## the lesson's catalog ($(PIPELINE_CATALOG), the notebook as an article: checked against the notebook, then built
## with the toolchain's docc as a static site in $(PIPELINE_SITE); it documents no module, so nothing is compiled
## for it), then looked at: scripts/docs-preview.sh serves the site on loopback, and headless Chromium's DOM of the
## page after its scripts ran must hold the lesson's title, sections and TinyVGG's listing. Any DocC warning (a broken
## link, an undocumented parameter) fails the build.
docs: deps deps-docs
	$(SWIFT) package generate-documentation --target NotebookKit --warnings-as-errors
	$(SWIFT) package --package-path $(RUNTIME) --scratch-path $(RUNTIME_SCRATCH) generate-documentation \
		--target Torch --target TorchVision --target TorchCommandLine --warnings-as-errors
	$(SWIFT) build --product nb2swift
	$(NB2SWIFT) docs --check $(PIPELINE_NOTEBOOK) -o $(PIPELINE_CATALOG)
	rm -rf $(PIPELINE_SITE) && mkdir -p $(dir $(PIPELINE_SITE))
	$(DOCC) convert $(PIPELINE_CATALOG) --output-path $(PIPELINE_SITE) --warnings-as-errors \
		--fallback-display-name "Going modular" --fallback-bundle-identifier org.nb2swift.going-modular \
		--transform-for-static-hosting
	scripts/docs-preview.sh --check

## The differential test against real IPython releases (not part of `make test`: it needs PyPI once). Creates a venv
## per release (scripts/ipython-venvs.sh), then compares nb2swift --ipython RELEASE with each IPython on seeded random
## %%writefile notebooks and the shared corpus, file by file. SEED and NOTEBOOKS choose the notebooks.
SEED ?= 1
NOTEBOOKS ?= 40
.PHONY: test-ipython
test-ipython:
	scripts/ipython-venvs.sh
	$(SWIFT) build --product nb2swift
	python3 scripts/ipython-differential.py --nb2swift $(NB2SWIFT) --venvs .venvs --seed $(SEED) --notebooks $(NOTEBOOKS)
