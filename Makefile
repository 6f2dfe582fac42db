# sitrep: `make` builds build/sitrep, `make test` runs every test,
# `make demo` runs the pipeline on the bundled sample corpus.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
SITREP := $(BUILD)/sitrep

.PHONY: all deps configure build test test-slow demo bench eval clean format

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: $(BUILD)/build.ninja

build: deps configure
	cmake --build $(BUILD)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -LE slow

test-slow: build
	ctest --test-dir $(BUILD) --output-on-failure -L slow

demo: build
	@scripts/demo.sh $(SITREP)

bench: build
	$(BUILD)/sitrep_bench

eval: build
	$(SITREP) eval bodies

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD)
