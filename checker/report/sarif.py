"""SARIF 2.1.0 for code-scanning dashboards.

One rule per check code found, one result per conflict: its first claim is the
location, the others are related locations. Regions give startLine/startColumn
and charOffset/charLength in Unicode code points (`columnKind` says so), artifact
URIs are relative to %SRCROOT% (the directory numcheck ran in), and
partialFingerprints carry numcheck's own stable conflict id, which leaves line
numbers out, so dashboards track a conflict across edits. Baselined conflicts
are reported with an external, accepted suppression.

Rule texts come from each check's docstring (checker/rules/ncXXX_*.py, the one
source of truth): its summary line is the shortDescription, "What it flags" the
fullDescription, and the whole docstring the help. helpUri points to the rule's
section of docs/rules.md, generated from the same docstrings
(checker.rules.DOCS_URL says where that page is published).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import PurePath
from urllib.parse import quote

from numcheck.checker.report.markdown import md_escape
from numcheck.checker.rules import BY_CODE, docstring_sections, help_uri, rule_doc
from numcheck.checker.report.common import claim_label, interval_text, ordered_conflicts, printable, subject_text
from numcheck.schemas.models import ClaimRecord, Conflict, Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"high": "error", "medium": "warning", "low": "note"}
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "numcheckConflictId/v1"


def render_sarif(report: Report, *, cwd: str | None = None) -> str:
    conflicts = ordered_conflicts(report.conflicts)
    rules = _rules(conflicts)
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    artifacts, artifact_index = _artifacts(report, conflicts, cwd)

    results = [_result(c, rule_index, artifact_index, cwd) for c in conflicts]
    run = {
        "tool": {"driver": {"name": "numcheck", "version": report.tool.version,
                            "semanticVersion": report.tool.version, "rules": rules}},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "the directory numcheck was run in"}}},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": [_notification(e, cwd) for e in report.errors],
        }],
        "results": results,
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def _rules(conflicts: list[Conflict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for c in sorted(conflicts, key=lambda c: c.code):
        if c.code in seen:
            continue
        seen[c.code] = {
            "id": c.code,
            "name": c.kind,
            **rule_texts(c.code, c.kind),
            "defaultConfiguration": {"level": LEVEL[c.severity]},
            "properties": {"tags": ["numcheck", "consistency"]},
        }
    return list(seen.values())


def rule_texts(code: str, kind: str) -> dict:
    """shortDescription, fullDescription and help of a check, from its module docstring."""
    rule = BY_CODE.get(code)
    doc = rule_doc(rule) if rule else ""
    summary, _, body = doc.partition("\n")
    head = f"{rule.CODE} {rule.NAME}:" if rule else None
    if not head or not summary.startswith(head):  # a code no rule module documents: say only what it is
        words = kind.replace("_", " ")
        return {"shortDescription": {"text": f"numcheck {code}: {words}"},
                "fullDescription": {"text": f"Numeric claims about the same subject that cannot all hold ({words})."}}
    sections = docstring_sections(body)
    flags = " ".join(sections.get("What it flags", "").split())
    return {
        "shortDescription": {"text": _plain(summary[len(head):].strip())},
        "fullDescription": {"text": _plain(flags or summary)},
        "helpUri": help_uri(rule),
        "help": {"text": _plain(doc), "markdown": _help_markdown(sections)},
    }


def _help_markdown(sections: dict[str, str]) -> str:
    parts = []
    for title, text in sections.items():
        if title == "Example":
            fence = "`" * max(3, max(map(len, re.findall("`+", text)), default=0) + 1)
            parts.append(f"**{md_escape(title)}**\n\n{fence}text\n{text}\n{fence}")
        else:
            parts.append(f"**{md_escape(title)}**\n\n{md_escape(' '.join(text.split()))}")
    return "\n\n".join(parts)


def _plain(text: str) -> str:
    """Plain SARIF text that keeps its line breaks: `[x](n)` would be a link, so brackets are escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def artifact_uri(doc: str, cwd: str | None = None) -> tuple[str, str | None]:
    """(uri, uriBaseId) for a document path: relative to %SRCROOT% whenever possible."""
    if doc == "-":
        return "stdin", None
    path = PurePath(doc)
    if path.is_absolute():
        base = cwd or os.getcwd()
        rel = os.path.relpath(doc, base)
        if rel.startswith(".."):
            return path.as_uri(), None
        path = PurePath(rel)
    posix = "/".join(p for p in path.parts if p not in (".", ""))
    return quote(posix, safe="/"), SRCROOT


def _artifact_location(doc: str, index: dict[str, int], cwd: str | None) -> dict:
    uri, base = artifact_uri(doc, cwd)
    location = {"uri": uri}
    if base:
        location["uriBaseId"] = base
    if doc in index:
        location["index"] = index[doc]
    return location


def _artifacts(report: Report, conflicts: list[Conflict], cwd: str | None) -> tuple[list[dict], dict[str, int]]:
    hashes = {d.doc: d.sha256 for d in report.documents}
    docs = sorted({cl.doc for c in conflicts for cl in c.claims})
    artifacts, index = [], {}
    for doc in docs:
        uri, base = artifact_uri(doc, cwd)
        artifact: dict = {"location": {"uri": uri, **({"uriBaseId": base} if base else {})}}
        if doc in hashes:
            artifact["hashes"] = {"sha-256": hashes[doc]}
        index[doc] = len(artifacts)
        artifacts.append(artifact)
    return artifacts, index


def sarif_text(text: str | None) -> str:
    """Plain-text SARIF message content: `[x](n)` would be a link to a location, so brackets are escaped."""
    return printable(text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _region(claim: ClaimRecord) -> dict:
    region = {"startLine": claim.line, "startColumn": claim.column,
              "charOffset": claim.start, "charLength": claim.end - claim.start}
    if "\n" not in claim.text and "\r" not in claim.text:
        region["endLine"] = claim.line
        region["endColumn"] = claim.column + len(claim.text)
    region["snippet"] = {"text": printable(claim.text)}
    return region


def _location(claim: ClaimRecord, i: int, index: dict[str, int], cwd: str | None) -> dict:
    return {
        "id": i,
        "physicalLocation": {"artifactLocation": _artifact_location(claim.doc, index, cwd), "region": _region(claim)},
        "message": {"text": f"{claim_label(i)}: {sarif_text(claim.text)} ({claim.qualifier} "
                            f"{sarif_text(interval_text(claim))} {sarif_text(claim.unit)})"},
    }


def _result(conflict: Conflict, rule_index: dict[str, int], index: dict[str, int], cwd: str | None) -> dict:
    locations = [_location(c, i, index, cwd) for i, c in enumerate(conflict.claims)]
    others = ", ".join(f"[{claim_label(i)}]({i}) {sarif_text(c.doc)}:{c.line}"
                       for i, c in enumerate(conflict.claims) if i)
    result = {
        "ruleId": conflict.code,
        "ruleIndex": rule_index[conflict.code],
        "kind": "fail",
        "level": LEVEL[conflict.severity],
        "message": {"text": f"{sarif_text(subject_text(conflict))}: {sarif_text(conflict.explanation)} "
                            f"(contradicted by {others})"},
        "locations": [locations[0]],
        "relatedLocations": locations[1:],
        "partialFingerprints": {FINGERPRINT_KEY: conflict.id},
        "properties": {
            "severity": conflict.severity,
            "kind": conflict.kind,
            "subject": conflict.subject.model_dump(mode="json"),
            "claimIds": [c.id for c in conflict.claims],
        },
    }
    if conflict.baselined:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": "accepted in the numcheck baseline"}]
    return result


def _notification(error, cwd: str | None) -> dict:
    uri, base = artifact_uri(error.doc, cwd)
    location = {"uri": uri, **({"uriBaseId": base} if base else {})}
    return {
        "level": "error",
        "descriptor": {"id": error.code},
        "message": {"text": f"{sarif_text(error.doc)}: {sarif_text(error.message)}"},
        "locations": [{"physicalLocation": {"artifactLocation": location}}],
    }
