"""Pre-commit check: text files end with one newline and have no trailing whitespace
(what .editorconfig asks of editors; markdown is left out: two trailing spaces break a line). Prints ``path:line`` for each offence; exit 1 if any."""

import sys


def offences(path):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        return [f"{path}: {err}"]
    if b"\0" in data:
        return []  # binary
    found = [
        f"{path}:{number}: trailing whitespace"
        for number, line in enumerate(data.split(b"\n"), 1)
        if line.rstrip(b"\r") != line.rstrip(b"\r").rstrip(b" \t")
    ]
    if data and not data.endswith(b"\n"):
        found.append(f"{path}: no newline at the end of the file")
    return found


def main(paths):
    found = [line for path in paths for line in offences(path)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
