"""What `fugong load_demo` prints: counts and the demo accounts, in Chinese and English."""

from __future__ import annotations

import unicodedata

from fugong.common.demo.loader import LoadResult


def display_width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = (pad(cell, width) for cell, width in zip(row, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def report_lines(result: LoadResult) -> list[str]:
    labels = sorted(set(result.created) | set(result.existing))
    lines = ["演示数据 Demo data (新建 created / 已有 existing):"]
    lines += [f"  {label}: {result.created[label]} / {result.existing[label]}" for label in labels]
    if result.missing_permissions:
        lines.append("未知权限 unknown permissions: " + ", ".join(result.missing_permissions))
    lines.append("")
    lines.append("演示账号 Demo accounts:")
    header = ["用户名 user", "姓名 name", "密码 password", "角色 role", "范围 scope"]
    rows = [[a.username, a.full_name, a.password, a.role, a.scope] for a in result.accounts]
    lines += table(header, rows)
    totp = [a for a in result.accounts if a.totp_key]
    if totp:
        lines.append("")
        lines.append("两步验证 Two-factor (TOTP, SHA1, 6 位 digits, 30 s):")
        for account in totp:
            lines.append(f"  {account.username}: 密钥 key {account.totp_key}")
        lines.append(
            "  将密钥加入身份验证器应用, 或运行 add the key to an authenticator app, or run: "
            "fugong demo_totp <username>"
        )
    return lines
