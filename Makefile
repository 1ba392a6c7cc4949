# winnow — a thin wrapper over CMake. The two commands a new user needs:
#   make demo   install, build, run the main job on examples/
#   make test   install, build, run every test (then again under ASan/UBSan)
# Others: make build | bench | eval | fuzz | clean

JOBS    ?= $(shell nproc)
BUILD   ?= build/release
ASAN    ?= build/asan
CMAKE_FLAGS ?=
WINNOW  := $(BUILD)/winnow
DEMO_OUT ?= out/demo

.PHONY: all deps build demo test test-release test-asan bench eval fuzz clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(WINNOW) $(DEMO_OUT)

test-release: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The sanitizer build uses clang so that the same build also holds the
# libFuzzer targets; ctest runs each fuzzer briefly on its seed corpus.
$(ASAN)/build.ninja:
	CXX=clang++ cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DWINNOW_SANITIZE=ON -DWINNOW_BUILD_FUZZ=ON $(CMAKE_FLAGS)

test-asan: deps $(ASAN)/build.ninja
	cmake --build $(ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)

test: test-release test-asan
	@echo "winnow: all tests passed (release and ASan/UBSan builds)"

# Longer fuzzing than the smoke runs of make test: FUZZ_SECONDS per target.
fuzz: deps $(ASAN)/build.ninja
	cmake --build $(ASAN) -j $(JOBS)
	@scripts/fuzz.sh $(ASAN) $${FUZZ_SECONDS:-300}

bench: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_BUILD_BENCH=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	@bench/run_all.sh $(BUILD)

eval: build
	@scripts/eval.sh $(WINNOW)

clean:
	rm -rf build out
