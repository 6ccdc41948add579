"""What restore_province and restore_drill print about a restore."""


def report_restore(command, result) -> bool:
    differences = result.differences()
    tables = result.manifest["tables"]
    command.stdout.write(f"tables:   {len(result.tables)} restored, {len(tables)} backed up; "
                         f"rows {sum(result.tables.values())} restored, {sum(tables.values())} backed up")
    public = ", ".join(f"{label} {count}" for label, count in result.public.items())
    command.stdout.write(f"public:   {public}")
    for name, (expected, actual) in differences.items():
        command.stdout.write(f"  differs: {name}: {expected} backed up, {actual} restored")
    if not differences:
        command.stdout.write("  every table's row count matches the backup")
    verdict = "verified" if result.audit_ok else f"BROKEN: {result.audit_problem}"
    command.stdout.write(f"audit:    chain {verdict} ({result.audit_checked} entries)")
    return not differences and result.audit_ok
