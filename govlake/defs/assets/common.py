"""Small helpers the asset modules share: ownership, tags, markdown previews."""

import dagster as dg

OWNERS = ["team:govlake-data"]


def md_table(rows: list[dict], columns: list[str], limit: int = 20) -> str:
    """A markdown preview of the first rows, for the asset's materialization metadata."""
    if not rows:
        return "_(no rows)_"
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "".join(
        "| " + " | ".join(_cell(r.get(c)) for c in columns) + " |\n" for r in rows[:limit]
    )
    more = f"\n… {len(rows) - limit} more rows" if len(rows) > limit else ""
    return head + body + more


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")[:80]


def column_schema(arrow_schema) -> dg.TableSchema:
    """The UI's column schema of a table, from its Arrow schema (govlake.tables)."""
    return dg.TableSchema(columns=[dg.TableColumn(f.name, type=str(f.type))
                                   for f in arrow_schema])
