# nb2swift — the two commands a user needs are `make demo` (the main job) and `make test` (the tests).
SHELL := /bin/bash
SWIFT ?= swift
NB2SWIFT := .build/debug/nb2swift

.PHONY: deps deps-converter build test demo

deps:
	scripts/install-deps.sh all

deps-converter:
	scripts/install-deps.sh converter

build: deps
	$(SWIFT) build

## The tests: every target of the root package.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
