import json
import subprocess
import sys

from conftest import SAMPLE_PDF


def run(*args):
    return subprocess.run(["minutes", *args], capture_output=True, text=True)


def test_schema_is_generated_from_the_models():
    out = run("schema")
    schema = json.loads(out.stdout)
    assert out.returncode == 0 and {"meeting", "participants", "cases", "entities", "text"} <= set(schema["properties"])


def test_extract_writes_a_record(tmp_path):
    out = run("extract", str(SAMPLE_PDF), "-o", str(tmp_path / "r.json"))
    assert out.returncode == 0, out.stderr
    record = json.loads((tmp_path / "r.json").read_text())
    assert record["schema_version"] == "2" and record["source"]["pages"] == 4


def test_missing_file_is_one_line_and_exit_2(tmp_path):
    out = run("extract", str(tmp_path / "nope.pdf"))
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1 and "nope.pdf" in out.stderr


def test_out_of_range_counts_are_usage_errors_with_exit_2(tmp_path):
    assert run("search", "skole", "--limit", "99999999999999999999", "--db", str(tmp_path / "m.sqlite")).returncode == 2
    assert run("batch", str(tmp_path), str(tmp_path / "out"), "--workers", "0").returncode == 2
    assert not (tmp_path / "out").exists()


def test_an_output_in_a_missing_folder_is_an_error_and_an_index_of_nothing_makes_no_database(tmp_path):
    out = run("extract", str(SAMPLE_PDF), "-o", str(tmp_path / "nowhere" / "r.json"))
    assert out.returncode == 1 and "no folder" in out.stderr and not (tmp_path / "nowhere").exists()
    out = run("index", str(tmp_path / "missing"), "--db", str(tmp_path / "m.sqlite"))
    assert out.returncode == 2 and not (tmp_path / "m.sqlite").exists()


def test_version_without_loading_the_pipeline():
    out = subprocess.run([sys.executable, "-c", "import sys; from pipeline.cli import app; sys.argv = ['minutes', "
                          "'--version']\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
                          "print('spacy' in sys.modules, 'pdfplumber' in sys.modules)"], capture_output=True, text=True)
    assert out.stdout.split("\n")[0].startswith("minutes ") and out.stdout.strip().endswith("False False"), out


def test_a_reader_that_stops_early_is_no_error():
    proc = subprocess.Popen(["minutes", "extract", str(SAMPLE_PDF)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()  # like `minutes extract FILE | head -c 10`
    assert proc.wait(timeout=60) == 0 and b"Traceback" not in proc.stderr.read()
