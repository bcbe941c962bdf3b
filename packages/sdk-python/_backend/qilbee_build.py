"""A minimal PEP 517 build backend using only the standard library.

Why: `pip install ./packages/sdk-python` must work offline, and pip's isolated build env would
otherwise download setuptools. This backend reads the [project] table of pyproject.toml and writes
a pure-Python wheel (METADATA 2.1, WHEEL, RECORD with sha256) or an sdist.
"""
import base64
import hashlib
import io
import os
import tarfile
import zipfile

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SDIST_FILES = ["pyproject.toml", "README.md", "_backend/qilbee_build.py"]


def _project():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as handle:
        data = tomllib.load(handle)
    return data["project"], data["tool"]["qilbee-build"]


def _dist_name(project):
    return project["name"].replace("-", "_")


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
        f"License: {project['license']['text']}",
        f"Keywords: {','.join(project.get('keywords', []))}",
    ]
    lines += [f"Author: {author['name']}" for author in project.get("authors", [])]
    lines += [f"Classifier: {c}" for c in project.get("classifiers", [])]
    lines += [f"Project-URL: {k}, {v}" for k, v in project.get("urls", {}).items()]
    lines += [f"Requires-Dist: {d}" for d in project.get("dependencies", [])]
    for extra, deps in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {d}; extra == "{extra}"' for d in deps]
    lines.append("Description-Content-Type: text/markdown")
    with open(os.path.join(ROOT, project["readme"]), encoding="utf-8") as handle:
        readme = handle.read()
    return "\n".join(lines) + "\n\n" + readme


def _package_files(tool):
    base = os.path.join(ROOT, tool["package-dir"])
    for folder, dirs, files in os.walk(os.path.join(base, tool["package"])):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                full = os.path.join(folder, name)
                yield full, os.path.relpath(full, base).replace(os.sep, "/")


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def _write_dist_info(directory, project):
    info = os.path.join(directory, f"{_dist_name(project)}-{project['version']}.dist-info")
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, "METADATA"), "w", encoding="utf-8") as handle:
        handle.write(_metadata(project))
    return os.path.basename(info)


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project, _ = _project()
    return _write_dist_info(metadata_directory, project)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project, tool = _project()
    name, version = _dist_name(project), project["version"]
    info = f"{name}-{version}.dist-info"
    filename = f"{name}-{version}-py3-none-any.whl"
    entries = []
    for full, arcname in _package_files(tool):
        with open(full, "rb") as handle:
            entries.append((arcname, handle.read()))
    entries.append((f"{info}/METADATA", _metadata(project).encode("utf-8")))
    wheel = "Wheel-Version: 1.0\nGenerator: qilbee_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries.append((f"{info}/WHEEL", wheel.encode()))
    record = [_record_line(arc, data) for arc, data in entries] + [f"{info}/RECORD,,"]
    entries.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as archive:
        for arcname, data in entries:
            archive.writestr(zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    project, tool = _project()
    stem = f"{_dist_name(project)}-{project['version']}"
    filename = f"{stem}.tar.gz"
    files = [(os.path.join(ROOT, f), f) for f in SDIST_FILES]
    files += [(full, f"{tool['package-dir']}/{arc}") for full, arc in _package_files(tool)]
    tests = os.path.join(ROOT, "tests")
    files += [(os.path.join(tests, f), f"tests/{f}") for f in sorted(os.listdir(tests)) if f.endswith(".py")]
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for full, arcname in files:
            archive.add(full, arcname=f"{stem}/{arcname}")
        pkg_info = _metadata(project).encode("utf-8")
        member = tarfile.TarInfo(f"{stem}/PKG-INFO")
        member.size = len(pkg_info)
        archive.addfile(member, io.BytesIO(pkg_info))
    return filename
