# Two commands on a fresh machine: `make demo` and `make test` (each sets everything up first).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
FITCLI := $(BIN)/fitcli
STAMP := $(VENV)/.installed
RAY_STAMP := $(VENV)/.installed-ray
DEMO_CLIP ?= sample_videos/squat_front.mp4
DEMO_OUT ?= demo_output

.PHONY: setup setup-ray models demo test test-ray lint bench bench-ray clean

setup: $(STAMP)

# requirements.lock pins the whole resolved set (measured to install together on Python 3.11).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# The optional Ray extra (`--ray-address`), pinned in requirements.lock too; `make test` installs it
# so the Ray tests run.
setup-ray: $(RAY_STAMP)

$(RAY_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,ray]'
	touch $(RAY_STAMP)

models: setup
	$(FITCLI) models pull

# The main job on a sample clip: count the reps, write the annotated video and the keypoints,
# and store the session in the journal.
demo: models
	$(FITCLI) analyze $(DEMO_CLIP) --exercise squat --annotate $(DEMO_OUT) --export csv --out $(DEMO_OUT)
	$(FITCLI) sessions list

test: models setup-ray
	$(BIN)/python -m pytest -q

# Only the tests that start Ray clusters (a few minutes).
test-ray: models setup-ray
	$(BIN)/python -m pytest -q -m ray

lint: setup
	$(BIN)/ruff check fitcli tests benchmarks
	$(BIN)/ruff format --check fitcli tests benchmarks
	$(BIN)/mypy

bench: models
	$(FITCLI) bench --model movenet-lightning --model movenet-thunder --model posenet --model blazepose

# Frames per second against Ray worker CPUs, and Ray's overhead against the local pool (README).
bench-ray: models setup-ray
	$(BIN)/python benchmarks/ray_scaling.py

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .mypy_cache .ruff_cache
