#!/usr/bin/env bash
# Checks the module import graph against the layer table in Docs/ARCHITECTURE.md.
#
#   scripts/check-architecture.sh [--root DIR]   check the tree at DIR (default: the repo)
#   scripts/check-architecture.sh --self-test    build temp trees with known violations and
#                                                check that each one is caught
#
# Reads the fenced ```layers block of Docs/ARCHITECTURE.md (format and rules described there),
# the targets and target dependencies of Package.swift, and every `import X` in
# Sources/<Module>/**/*.swift. Prints one line per violation as `file:line: message` and exits
# 1 when there is any, 0 when the graph is clean, 2 on a usage or table error.
# Plain bash + POSIX awk (works with mawk); no python.
set -euo pipefail

script_path="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$script_path")/.." && pwd)"
mode=check

usage() {
    sed -n '2,6p' "$script_path" | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --root) root="${2:?--root needs a directory}"; shift 2 ;;
        --self-test) mode=self-test; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "check-architecture: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

# ---------------------------------------------------------------------------------------------
# Parsing helpers (awk)
# ---------------------------------------------------------------------------------------------

# Prints `file<TAB>line<TAB>module` for every import declaration in the given Swift files,
# skipping imports inside block comments (nested) and multi-line string literals.
list_imports() {
    awk '
    FNR == 1 { state = 0; depth = 0 }
    {
        line = $0
        if (state == 0 && match(line, /^[ \t]*((@[A-Za-z_]+(\([^)]*\))?|public|internal|package|private|fileprivate|open)[ \t]+)*import[ \t]+((typealias|struct|class|enum|protocol|let|var|func)[ \t]+)?[A-Za-z_][A-Za-z0-9_]*/)) {
            decl = substr(line, RSTART, RLENGTH)
            sub(/^.*import[ \t]+/, "", decl)
            sub(/^(typealias|struct|class|enum|protocol|let|var|func)[ \t]+/, "", decl)
            print FILENAME "\t" FNR "\t" decl
        }
        # Track comment/string state across the line for the next line.
        n = length(line)
        for (i = 1; i <= n; i++) {
            c = substr(line, i, 1); two = substr(line, i, 2)
            if (state == 0) {
                if (two == "//") break
                if (two == "/*") { state = 1; depth = 1; i++ }
                else if (substr(line, i, 3) == "\"\"\"") { state = 3; i += 2 }
                else if (c == "\"") state = 2
            } else if (state == 1) {
                if (two == "/*") { depth++; i++ }
                else if (two == "*/") { depth--; i++; if (depth == 0) state = 0 }
            } else if (state == 2) {
                if (c == "\\") i++
                else if (c == "\"") state = 0
            } else if (state == 3) {
                if (c == "\\") i++
                else if (substr(line, i, 3) == "\"\"\"") { state = 0; i += 2 }
            }
        }
        if (state == 2) state = 0   # a single-line string cannot span lines
    }' "$@"
}

# Prints `name<TAB>kind<TAB>line<TAB>dep,dep,...` for every target declared in Package.swift.
# Dependencies are the string names and .target(name:)/.byName(name:) entries; .product(...)
# entries (external packages) are dropped.
list_targets() {
    awk '
    function match_paren(s, from,    i, d, c, n, instr) {
        # s[from] is "(" or "["; returns the index of the matching closer (0 if none).
        n = length(s); d = 0; instr = 0
        for (i = from; i <= n; i++) {
            c = substr(s, i, 1)
            if (instr) { if (c == "\\") i++; else if (c == "\"") instr = 0; continue }
            if (c == "\"") instr = 1
            else if (c == "(" || c == "[") d++
            else if (c == ")" || c == "]") { d--; if (d == 0) return i }
        }
        return 0
    }
    function line_at(s, pos,    tmp) { return split(substr(s, 1, pos), tmp, "\n") }
    {
        line = $0
        sub(/(^|[ \t])\/\/.*$/, "", line)       # comments; URLs ("https://") survive
        text = text line "\n"
    }
    END {
        kinds = "target executableTarget testTarget systemLibrary binaryTarget plugin macro"
        pos = 1
        while (1) {
            rest = substr(text, pos)
            if (!match(rest, /\.(target|executableTarget|testTarget|systemLibrary|binaryTarget|plugin|macro)\(/)) break
            start = pos + RSTART - 1
            kind = substr(text, start + 1, RLENGTH - 2)
            open_at = start + RLENGTH - 1
            close_at = match_paren(text, open_at)
            if (close_at == 0) break
            body = substr(text, open_at, close_at - open_at + 1)
            pos = close_at + 1
            if (!match(body, /name:[ \t\n]*"[^"]*"/)) continue
            name = substr(body, RSTART, RLENGTH); sub(/^name:[ \t\n]*"/, "", name); sub(/"$/, "", name)
            deps = ""
            if (match(body, /dependencies:[ \t\n]*\[/)) {
                dopen = RSTART + RLENGTH - 1
                dclose = match_paren(body, dopen)
                dtext = substr(body, dopen + 1, dclose - dopen - 1)
                # drop .product(...) entries, which may contain nested parens
                while (match(dtext, /\.product\(/)) {
                    p0 = RSTART; pe = match_paren(dtext, RSTART + RLENGTH - 1)
                    if (pe == 0) { dtext = substr(dtext, 1, p0 - 1); break }
                    dtext = substr(dtext, 1, p0 - 1) substr(dtext, pe + 1)
                }
                # drop condition: .when(...) clauses so platform names are not read as targets
                while (match(dtext, /condition:[ \t\n]*\.when\(/)) {
                    p0 = RSTART; pe = match_paren(dtext, RSTART + RLENGTH - 1)
                    if (pe == 0) { dtext = substr(dtext, 1, p0 - 1); break }
                    dtext = substr(dtext, 1, p0 - 1) substr(dtext, pe + 1)
                }
                while (match(dtext, /"[^"]*"/)) {
                    dep = substr(dtext, RSTART + 1, RLENGTH - 2)
                    deps = deps (deps == "" ? "" : ",") dep
                    dtext = substr(dtext, RSTART + RLENGTH)
                }
            }
            print name "\t" kind "\t" line_at(text, start) "\t" deps
        }
    }' "$1"
}

# Prints the lines of the ```layers block of the given Markdown file, without comments.
read_layer_block() {
    awk '
        /^```layers[ \t]*$/ { inside = 1; found = 1; next }
        inside && /^```/ { inside = 0; exit }
        inside { sub(/#.*/, ""); if ($0 ~ /[^ \t]/) print }
        END { if (!found) exit 3 }
    ' "$1"
}

# ---------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------

run_check() {
    local root="$1"
    local doc="$root/Docs/ARCHITECTURE.md"
    local manifest="$root/Package.swift"
    [[ -f "$doc" ]] || { echo "check-architecture: missing $doc" >&2; return 2; }

    declare -A layer_of=() rank_of=() pure=() forbidden=() allowed=()
    local block key value module group layer rank=0 a b
    if ! block="$(read_layer_block "$doc")"; then
        echo "check-architecture: no \`\`\`layers block in $doc" >&2
        return 2
    fi
    while IFS= read -r line; do
        key="${line%%:*}"; key="${key//[[:space:]]/}"
        value="${line#*:}"
        case "$key" in
            order)
                rank=0
                local IFS_save="$IFS"
                IFS='<'; read -ra groups <<<"$value"; IFS="$IFS_save"
                for group in "${groups[@]}"; do
                    IFS='='; read -ra same <<<"$group"; IFS="$IFS_save"
                    for layer in "${same[@]}"; do
                        layer="${layer//[[:space:]]/}"
                        [[ -n "$layer" ]] && rank_of["$layer"]=$rank
                    done
                    rank=$((rank + 1))
                done
                ;;
            pure) for module in $value; do pure["$module"]=1; done ;;
            forbidden) for module in $value; do forbidden["$module"]=1; done ;;
            allow)
                a="${value%%->*}"; b="${value#*->}"
                a="${a//[[:space:]]/}"; b="${b//[[:space:]]/}"
                if [[ -z "$a" || -z "$b" || "$value" != *"->"* ]]; then
                    echo "check-architecture: bad allow line in $doc: $line" >&2; return 2
                fi
                allowed["$a>$b"]=1
                ;;
            *)
                for module in $value; do
                    if [[ -n "${layer_of[$module]:-}" ]]; then
                        echo "check-architecture: $module is listed twice in $doc" >&2; return 2
                    fi
                    layer_of["$module"]="$key"
                done
                ;;
        esac
    done <<<"$block"
    for module in "${!layer_of[@]}"; do
        if [[ -z "${rank_of[${layer_of[$module]}]:-}" ]]; then
            echo "check-architecture: layer '${layer_of[$module]}' has no place in the order: line" >&2
            return 2
        fi
    done
    [[ -n "${rank_of[c]:-}" && -n "${rank_of[c-wrappers]:-}" ]] || {
        echo "check-architecture: the table needs the layers 'c' and 'c-wrappers'" >&2; return 2; }

    local -a violations=()
    violation() { violations+=("$1: $2"); }

    # Resolves an imported name to its table spelling (executables import as sip_lint).
    resolve() {
        local name="$1"
        if [[ -n "${layer_of[$name]:-}" ]]; then echo "$name"
        elif [[ -n "${layer_of[${name//_/-}]:-}" ]]; then echo "${name//_/-}"
        else echo "$name"; fi
    }

    # check_edge WHERE IMPORTER IMPORTED VERB
    check_edge() {
        local where="$1" from="$2" to verb="$4"
        to="$(resolve "$3")"
        local from_layer="${layer_of[$from]:-}" to_layer="${layer_of[$to]:-}"
        [[ "$from" == "$to" ]] && return 0
        if [[ -n "${forbidden[$to]:-}" ]]; then
            violation "$where" "$from $verb $to, which no module may import"
            return 0
        fi
        [[ -z "$from_layer" ]] && return 0   # reported as an unknown module already
        if [[ "$to_layer" == c ]]; then
            if [[ "$from_layer" != c-wrappers && "$from_layer" != c ]]; then
                violation "$where" "$from ($from_layer) $verb C module $to; only c-wrappers modules may import C modules"
            fi
            return 0
        fi
        if [[ -n "${pure[$from]:-}" ]] && [[ "$to" =~ ^(NIO|CNIO|C[A-Z]) ]]; then
            violation "$where" "$from is a pure codec and $verb $to; pure codecs must not import NIO or C modules"
            return 0
        fi
        [[ -z "$to_layer" ]] && return 0     # Swift, Glibc, Foundation, external packages
        if (( ${rank_of[$to_layer]} < ${rank_of[$from_layer]} )); then return 0; fi
        [[ -n "${allowed[$from>$to]:-}" ]] && return 0
        local how="a higher layer"
        (( ${rank_of[$to_layer]} == ${rank_of[$from_layer]} )) && how="the same rank"
        violation "$where" "$from ($from_layer) $verb $to ($to_layer), $how; only strictly lower layers are allowed"
    }

    # 1. Modules under Sources/ must be in the table.
    local dir
    local -a modules=()
    if [[ -d "$root/Sources" ]]; then
        for dir in "$root"/Sources/*/; do
            [[ -d "$dir" ]] || continue
            module="$(basename "$dir")"
            modules+=("$module")
            if [[ -z "${layer_of[$module]:-}" ]]; then
                violation "Sources/$module" "module $module is not in the layer table of Docs/ARCHITECTURE.md"
            fi
        done
    fi

    # 2. Package.swift targets and their dependencies.
    local name kind lineno deps dep
    if [[ -f "$manifest" ]]; then
        while IFS=$'\t' read -r name kind lineno deps; do
            [[ -z "$name" || "$kind" == testTarget ]] && continue
            if [[ -z "${layer_of[$name]:-}" ]]; then
                violation "Package.swift:$lineno" "target $name is not in the layer table of Docs/ARCHITECTURE.md"
                continue
            fi
            IFS=',' read -ra dep_list <<<"$deps"
            for dep in "${dep_list[@]}"; do
                [[ -n "$dep" ]] && check_edge "Package.swift:$lineno" "$name" "$dep" "depends on"
            done
        done < <(list_targets "$manifest")
    fi

    # 3. Imports in Sources/<Module>/**/*.swift.
    local file imported relative
    for module in "${modules[@]}"; do
        local -a files=()
        while IFS= read -r -d '' file; do files+=("$file"); done \
            < <(find "$root/Sources/$module" -type f -name '*.swift' -print0 | sort -z)
        [[ ${#files[@]} -eq 0 ]] && continue
        while IFS=$'\t' read -r file lineno imported; do
            relative="${file#"$root"/}"
            check_edge "$relative:$lineno" "$module" "$imported" "imports"
        done < <(list_imports "${files[@]}")
    done

    if [[ ${#violations[@]} -gt 0 ]]; then
        printf '%s\n' "${violations[@]}"
        echo "check-architecture: ${#violations[@]} violation(s); see Docs/ARCHITECTURE.md" >&2
        return 1
    fi
    echo "check-architecture: ok (${#modules[@]} modules)"
}

# ---------------------------------------------------------------------------------------------
# Self-test
# ---------------------------------------------------------------------------------------------

self_test() {
    local tmp
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/check-architecture.XXXXXX")"
    trap 'rm -rf "$tmp"' RETURN
    local failures=0

    make_tree() {   # make_tree DIR: a clean tree using the project's real layer table
        local t="$1"
        mkdir -p "$t/Docs" "$t/Sources/StackCore" "$t/Sources/SIPCore" "$t/Sources/DTLS" \
            "$t/Sources/SIPEdge" "$t/Sources/SIPUserAgent" "$t/Sources/sip-lint" "$t/Sources/COpenSSL"
        cp "$root/Docs/ARCHITECTURE.md" "$t/Docs/ARCHITECTURE.md"
        cat >"$t/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "T",
    dependencies: [.package(url: "https://github.com/apple/swift-nio.git", from: "2.0.0")],
    targets: [
        .target(name: "StackCore"),
        .target(name: "SIPCore", dependencies: ["StackCore"]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl"),
        .target(name: "DTLS", dependencies: [
            "COpenSSL", .target(name: "StackCore"),
            .product(name: "NIOCore", package: "swift-nio", condition: .when(platforms: [.linux])),
        ]),
        .target(name: "SIPUserAgent", dependencies: ["SIPCore"]),
        .target(name: "SIPEdge", dependencies: ["SIPUserAgent"]),
        .executableTarget(name: "sip-lint", dependencies: ["SIPCore", "DTLS"]),
        .testTarget(name: "SIPCoreTests", dependencies: ["SIPCore", "sip-lint"]),
    ]
)
SWIFT
        printf 'import Synchronization\nimport Glibc\n' >"$t/Sources/StackCore/Clock.swift"
        printf 'import StackCore\nimport Foundation\n// import NIOCore\n/* import COpenSSL\n   import SIPEdge */\nlet s = "*/*"\nlet m = """\nimport NIOCore\n"""\n' \
            >"$t/Sources/SIPCore/Parser.swift"
        printf '@preconcurrency import COpenSSL\nimport StackCore\nimport NIOCore\n' >"$t/Sources/DTLS/Context.swift"
        printf 'import SIPCore\n' >"$t/Sources/SIPUserAgent/UA.swift"
        printf 'import SIPUserAgent\nimport StackCore\n' >"$t/Sources/SIPEdge/Edge.swift"
        mkdir -p "$t/Sources/sip-lint/Commands"
        printf 'import ArgumentParser\nimport SIPCore\n' >"$t/Sources/sip-lint/main.swift"
        printf '@testable import DTLS\n' >"$t/Sources/sip-lint/Commands/Check.swift"
        printf 'module COpenSSL { header "shim.h" link "ssl" export * }\n' >"$t/Sources/COpenSSL/module.modulemap"
    }

    expect() {   # expect NAME STATUS OUTPUT PATTERN...
        local name="$1" status="$2" output="$3"; shift 3
        local pattern
        for pattern in "$@"; do
            if ! grep -qE -- "$pattern" <<<"$output"; then
                echo "self-test FAILED ($name): expected a line matching: $pattern" >&2
                failures=$((failures + 1))
            fi
        done
        if [[ "$status" != 1 ]]; then
            echo "self-test FAILED ($name): expected exit 1, got $status" >&2
            failures=$((failures + 1))
        fi
    }

    # A clean tree passes.
    local clean="$tmp/clean" output status
    make_tree "$clean"
    status=0; output="$("$script_path" --root "$clean" 2>&1)" || status=$?
    if [[ $status -ne 0 ]]; then
        echo "self-test FAILED (clean tree): exit $status" >&2
        echo "$output" >&2
        failures=$((failures + 1))
    fi

    # A tree with one violation of every kind fails and names each at file:line.
    local bad="$tmp/bad"
    make_tree "$bad"
    printf 'import Synchronization\n\nimport SIPCore\n' >"$bad/Sources/StackCore/Clock.swift"
    printf 'import StackCore\n@preconcurrency import NIOCore\nimport COpenSSL\nimport STUN\n' \
        >"$bad/Sources/SIPCore/Parser.swift"
    printf 'import SIPCore\nimport SIPEdge\n' >"$bad/Sources/SIPUserAgent/UA.swift"
    printf 'import CNIOBoringSSL\nimport COpenSSL\n' >"$bad/Sources/sip-lint/main.swift"
    mkdir -p "$bad/Sources/Stray"
    printf 'import StackCore\n' >"$bad/Sources/Stray/Stray.swift"
    sed -i 's/^        \.target(name: "StackCore"),$/        .target(name: "StackCore", dependencies: ["SIPCore"]),\n        .target(name: "Orphan"),/' \
        "$bad/Package.swift"
    status=0; output="$("$script_path" --root "$bad" 2>&1)" || status=$?
    expect "violations" "$status" "$output" \
        '^Sources/StackCore/Clock\.swift:3: StackCore \(base\) imports SIPCore \(codecs\), a higher layer' \
        '^Sources/SIPCore/Parser\.swift:2: SIPCore is a pure codec and imports NIOCore' \
        '^Sources/SIPCore/Parser\.swift:3: SIPCore \(codecs\) imports C module COpenSSL' \
        '^Sources/SIPCore/Parser\.swift:4: SIPCore \(codecs\) imports STUN \(codecs\), the same rank' \
        '^Sources/SIPUserAgent/UA\.swift:2: SIPUserAgent \(session\) imports SIPEdge \(session\), the same rank' \
        '^Sources/sip-lint/main\.swift:1: sip-lint imports CNIOBoringSSL, which no module may import' \
        '^Sources/sip-lint/main\.swift:2: sip-lint \(tools\) imports C module COpenSSL' \
        '^Sources/Stray: module Stray is not in the layer table' \
        '^Package\.swift:7: StackCore \(base\) depends on SIPCore \(codecs\), a higher layer' \
        '^Package\.swift:8: target Orphan is not in the layer table'
    local count
    count="$(grep -cE '^(Sources|Package)' <<<"$output" || true)"
    if [[ "$count" != 10 ]]; then
        echo "self-test FAILED (violations): expected 10 violations, got $count:" >&2
        echo "$output" >&2
        failures=$((failures + 1))
    fi

    # A missing table is a configuration error (exit 2), not a pass.
    local notable="$tmp/notable"
    make_tree "$notable"
    echo "# no table" >"$notable/Docs/ARCHITECTURE.md"
    status=0; "$script_path" --root "$notable" >/dev/null 2>&1 || status=$?
    if [[ $status -ne 2 ]]; then
        echo "self-test FAILED (missing table): expected exit 2, got $status" >&2
        failures=$((failures + 1))
    fi

    if [[ $failures -gt 0 ]]; then
        echo "check-architecture self-test: $failures failure(s)" >&2
        return 1
    fi
    echo "check-architecture self-test: ok"
}

if [[ "$mode" == self-test ]]; then
    self_test
else
    run_check "$root"
fi
