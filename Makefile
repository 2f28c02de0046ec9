# Two commands on a fresh machine: `make demo` and `make test` (each sets everything up first).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
FITCLI := $(BIN)/fitcli
STAMP := $(VENV)/.installed
DEMO_CLIP ?= sample_videos/squat_front.mp4
DEMO_OUT ?= demo_output

.PHONY: setup models demo test lint bench clean

setup: $(STAMP)

# requirements.lock pins the whole resolved set (measured to install together on Python 3.11).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

models: setup
	$(FITCLI) models pull

# The main job on a sample clip: count the reps, write the annotated video and the keypoints,
# and store the session in the journal.
demo: models
	$(FITCLI) analyze $(DEMO_CLIP) --exercise squat --annotate $(DEMO_OUT) --export csv --out $(DEMO_OUT)
	$(FITCLI) sessions list

test: models
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check fitcli tests benchmarks
	$(BIN)/ruff format --check fitcli tests benchmarks
	$(BIN)/mypy

bench: models
	$(FITCLI) bench --model movenet-lightning --model movenet-thunder --model posenet --model blazepose

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .mypy_cache .ruff_cache
