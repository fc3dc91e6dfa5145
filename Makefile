# ungcuu — the two commands of the README, and a few more.
#   make run    install what is missing, build the release binary and the web UI, start the
#               server with a demo province on an embedded SQLite file
#   make test   install what is missing, build the dev preset (clang-14, ASan + UBSan) and run
#               every test (unit, storage contract on SQLite and PostgreSQL, API, CLI, the web
#               UI's ESLint and Vitest, browser)
#   make build  build the release binary only: build/release/ungcuu
#   make tidy   clang-tidy over every source file (make test checks the changed ones)
#   make tsan   the threaded tests under ThreadSanitizer (also part of make test)
.PHONY: run test build deps deps-test web bench format tidy tsan clean

LISTEN ?= 127.0.0.1:8080
DEMO_DB ?= sqlite:ungcuu-demo.db
WEB_SOURCES := $(shell find web/src web/index.html web/public web/package.json web/vite.config.ts -type f 2>/dev/null)

run: build
	./build/release/ungcuu serve --demo --db $(DEMO_DB) --listen $(LISTEN)

build: deps web/dist/index.html
	cmake --preset release >/dev/null
	cmake --build --preset release

test: deps-test web/dist/index.html
	cmake --preset dev -DUNGCUU_E2E=ON >/dev/null
	cmake --build --preset dev
	cmake --preset release >/dev/null
	cmake --build --preset release
	ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer UBSAN_OPTIONS=print_stacktrace=1 \
	  tools/with-postgres.sh ctest --test-dir build/dev --output-on-failure --timeout 900; \
	  status=$$?; tools/test-summary.sh build/dev; \
	  tools/tsan.sh || status=1; exit $$status

deps:
	tools/install-deps.sh build

deps-test:
	tools/install-deps.sh test

web: web/dist/index.html

web/dist/index.html: $(WEB_SOURCES) web/package-lock.json
	cd web && npm run build --silent

bench: build
	cmake --preset bench >/dev/null
	cmake --build --preset bench
	build/bench/src/core/ungcuu_core_benchmark
	build/bench/src/storage/ungcuu_storage_benchmark
	bench/http_bench.sh build/release/ungcuu
	bench/incident_bench.sh build/release/ungcuu

format:
	tools/format.sh

tidy:
	tools/tidy.sh --all

tsan: deps-test
	tools/tsan.sh

clean:
	rm -rf build web/dist
