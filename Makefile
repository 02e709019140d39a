# Regiepool. The two commands of the README: `make run` and `make test`.
GO      ?= go
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build test test-deps vet fmt-check css bench

## run: build and start the service with demo data (own PostgreSQL unless DATABASE_URL is set)
run: build
	REGIEPOOL_DEMO=$${REGIEPOOL_DEMO:-true} exec ./bin/regiepool serve

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/regiepool ./cmd/regiepool

## test: the whole suite on a throwaway PostgreSQL (or TEST_DATABASE_URL), headless chromium and pdftotext
test: test-deps
	$(GO) test -count=1 ./...

# Browser tests drive Debian's chromium and report tests read PDFs with
# pdftotext (poppler-utils); install what is missing.
test-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing with apt-get ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "tests need:$$missing (Debian packages; sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l cmd internal migrations static templates); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## css: refresh the vendored NL Design System CSS from npm (needs npm; not part of the build)
css:
	static/vendor/update.sh

## bench: the Go benchmarks of the README's performance section
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
