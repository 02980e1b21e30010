/// Every difference between the SQL Watchfloor writes (SQLite's dialect, the first engine's) and PostgreSQL's, in
/// one place: statements are translated once, when first prepared on a PostgreSQL connection, and cached.
///
/// - placeholders `?` → `$1…$n` (a `? IS NULL` test gets `::text`, since nothing else says what type it has;
///   `LIMIT ?` takes SQLite's -1 for "no limit");
/// - types: INTEGER → BIGINT (SQLite integers are 64-bit), `INTEGER PRIMARY KEY [AUTOINCREMENT]` → an identity
///   column, REAL → DOUBLE PRECISION, BLOB → BYTEA; `WITHOUT ROWID` dropped;
/// - the column named `offset` (a reserved word there) quoted; LIKE → ILIKE (SQLite's LIKE ignores ASCII case);
/// - JSON: `col->>'$.key'` → `(col::jsonb->>'key')`, cast to BIGINT inside `COALESCE(…, number)`;
/// - scalar `min(a, b)`/`max(a, b)` → LEAST/GREATEST;
/// - upserts: bare column names on the right of `DO UPDATE SET` (and in its WHERE) are qualified with the table,
///   since PostgreSQL finds `n = n + excluded.n` ambiguous;
/// - `PRAGMA user_version` reads `watchfloor_schema`; other PRAGMAs (SQLite tuning) do nothing.
///
/// Write new SQL in the portable subset (ON CONFLICT … DO UPDATE, RETURNING, no INSERT OR …, no rowid) so this
/// stays short. Keywords are written in upper case and identifiers in lower case, as everywhere in the code base.
enum PostgresDialect {
    struct Translated {
        let sql: String
        let parameterCount: Int
        /// Nil: the statement is a SQLite-only setting and does nothing here.
        var isNoOp: Bool { sql.isEmpty }
    }

    static let schemaVersionTable = "watchfloor_schema"

    static func translate(_ sql: String) -> Translated {
        let trimmed = sql.drop { $0 == " " || $0 == "\n" }
        if trimmed.uppercased().hasPrefix("PRAGMA") {
            let lower = trimmed.lowercased()
            if lower.hasPrefix("pragma user_version") && !lower.contains("=") {
                return Translated(sql: "SELECT COALESCE(MAX(version), 0) FROM \(schemaVersionTable)", parameterCount: 0)
            }
            return Translated(sql: "", parameterCount: 0)
        }
        var tokens = tokenize(sql)
        rewriteTypes(&tokens)
        rewriteJSON(&tokens)
        rewriteMinMax(&tokens)
        qualifyUpsert(&tokens)
        var n = 0, numbered = 0
        var out = ""
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .placeholder:
                // `?` takes the next number; `?NNN` (SQLite's numbered form) keeps its own, as `$NNN` does.
                let k: Int
                if let explicit = Int(t.text.dropFirst()) { k = explicit; numbered = max(numbered, explicit) } else { n += 1; k = n }
                if isWord(tokens, previous(tokens, i), "LIMIT") {
                    out += "NULLIF($\(k)::bigint, -1)"   // SQLite's LIMIT -1 is "no limit"; PostgreSQL's is LIMIT NULL
                } else {
                    out += "$\(k)"
                    if isNullTest(tokens, after: i) { out += "::text" }
                }
            default:
                out += t.text
            }
        }
        return Translated(sql: out, parameterCount: max(n, numbered))
    }

    // MARK: Tokens

    enum Kind { case word, string, quoted, placeholder, space, other }
    struct Token { var kind: Kind; var text: String }

    static func tokenize(_ sql: String) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(sql)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "\"" {
                var j = i + 1
                while j < chars.count {
                    if chars[j] == c { if j + 1 < chars.count && chars[j + 1] == c { j += 2; continue }; break }
                    j += 1
                }
                let end = min(j, chars.count - 1)
                tokens.append(Token(kind: c == "'" ? .string : .quoted, text: String(chars[i...end])))
                i = end + 1
            } else if c == "?" {
                var j = i + 1
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                tokens.append(Token(kind: .placeholder, text: String(chars[i..<j]))); i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append(Token(kind: .word, text: String(chars[i..<j]))); i = j
            } else if c.isWhitespace {
                var j = i
                while j < chars.count, chars[j].isWhitespace { j += 1 }
                tokens.append(Token(kind: .space, text: String(chars[i..<j]))); i = j
            } else if c == "-" && i + 2 < chars.count && chars[i + 1] == ">" && chars[i + 2] == ">" {
                tokens.append(Token(kind: .other, text: "->>")); i += 3
            } else {
                tokens.append(Token(kind: .other, text: String(c))); i += 1
            }
        }
        return tokens
    }

    /// Index of the next token after `i` that is not white space.
    static func next(_ t: [Token], _ i: Int) -> Int? {
        var j = i + 1
        while j < t.count { if t[j].kind != .space { return j }; j += 1 }
        return nil
    }

    static func previous(_ t: [Token], _ i: Int) -> Int? {
        var j = i - 1
        while j >= 0 { if t[j].kind != .space { return j }; j -= 1 }
        return nil
    }

    static func isWord(_ t: [Token], _ i: Int?, _ upper: String) -> Bool {
        guard let i, i < t.count, t[i].kind == .word else { return false }
        return t[i].text.uppercased() == upper
    }

    private static func isNullTest(_ t: [Token], after i: Int) -> Bool {
        guard let a = next(t, i), isWord(t, a, "IS") else { return false }
        let b = next(t, a)
        return isWord(t, b, "NULL") || (isWord(t, b, "NOT") && isWord(t, b.flatMap { next(t, $0) }, "NULL"))
    }

    // MARK: Rewrites

    private static func rewriteTypes(_ t: inout [Token]) {
        var i = 0
        while i < t.count {
            defer { i += 1 }
            guard t[i].kind == .word else { continue }
            switch t[i].text {
            case "INTEGER":
                if let p = next(t, i), isWord(t, p, "PRIMARY"), let k = next(t, p), isWord(t, k, "KEY") {
                    t[i].text = "BIGINT GENERATED BY DEFAULT AS IDENTITY"
                    if let a = next(t, k), isWord(t, a, "AUTOINCREMENT") { t[a].text = ""; if a > 0, t[a - 1].kind == .space { t[a - 1].text = "" } }
                } else {
                    t[i].text = "BIGINT"
                }
            case "REAL": t[i].text = "DOUBLE PRECISION"
            case "BLOB": t[i].text = "BYTEA"
            case "offset": t[i].text = "\"offset\""
            case "LIKE": t[i].text = "ILIKE"
            case "IFNULL": t[i].text = "COALESCE"
            case "IS":
                // SQLite's `x IS ?` compares NULL-safely; PostgreSQL's IS takes only NULL/TRUE/FALSE after it.
                if let p = next(t, i), t[p].kind == .placeholder { t[i].text = "IS NOT DISTINCT FROM" }
            case "WITHOUT":
                if let r = next(t, i), isWord(t, r, "ROWID") { t[i].text = ""; t[r].text = "" }
            default: break
            }
        }
    }

    /// `x->>'$.key'` → `(x::jsonb->>'key')`; inside `COALESCE(json, 1)` the JSON text is cast to BIGINT, as
    /// SQLite's `->>` returns a number there.
    private static func rewriteJSON(_ t: inout [Token]) {
        for i in t.indices where t[i].kind == .other && t[i].text == "->>" {
            guard let l = previous(t, i), let r = next(t, i), t[r].kind == .string, t[r].text.hasPrefix("'$.") else { continue }
            let key = String(t[r].text.dropFirst(3).dropLast())
            var cast = ""
            if let open = previous(t, l), t[open].text == "(", isWord(t, previous(t, open), "COALESCE"),
               let comma = next(t, r), t[comma].text == ",", let v = next(t, comma), t[v].text.first?.isNumber == true {
                cast = "::bigint"
            }
            // The column may be qualified (`e.data`): the parenthesis opens before the table name.
            var first = l
            if let dot = previous(t, l), t[dot].text == ".", let table = previous(t, dot), t[table].kind == .word { first = table }
            t[first].text = "(" + t[first].text
            t[l].text += "::jsonb"
            t[r].text = "'\(key)')" + cast
        }
    }

    /// Scalar `min(a, b)` / `max(a, b)` (two arguments) → LEAST / GREATEST; the one-argument aggregates stay.
    private static func rewriteMinMax(_ t: inout [Token]) {
        for i in t.indices where t[i].kind == .word {
            let name = t[i].text.uppercased()
            guard name == "MIN" || name == "MAX", let open = next(t, i), t[open].text == "(" else { continue }
            var depth = 0, j = open, twoArgs = false
            while j < t.count {
                if t[j].text == "(" { depth += 1 }
                if t[j].text == ")" { depth -= 1; if depth == 0 { break } }
                if t[j].text == "," && depth == 1 { twoArgs = true }
                j += 1
            }
            if twoArgs { t[i].text = name == "MIN" ? "LEAST" : "GREATEST" }
        }
    }

    /// In `INSERT INTO tbl … ON CONFLICT … DO UPDATE SET …`, qualifies bare lower-case column names with `tbl`
    /// except where they are assigned (`col=`), up to RETURNING.
    private static func qualifyUpsert(_ t: inout [Token]) {
        guard let into = t.indices.first(where: { isWord(t, $0, "INTO") }), let tableIndex = next(t, into),
              let update = t.indices.first(where: { isWord(t, $0, "UPDATE") && isWord(t, previous(t, $0), "DO") }),
              let set = next(t, update), isWord(t, set, "SET") else { return }
        let table = t[tableIndex].text
        var i = set + 1
        while i < t.count {
            defer { i += 1 }
            if isWord(t, i, "RETURNING") { return }
            guard t[i].kind == .word, t[i].text.first?.isLowercase == true, t[i].text != "excluded" else { continue }
            if let p = previous(t, i), t[p].text == "." { continue }
            if let n = next(t, i), t[n].text == "." || t[n].text == "(" { continue }
            if let n = next(t, i), t[n].text == "=", let p = previous(t, i), p == set || t[p].text == "," { continue }
            t[i].text = table + "." + t[i].text
        }
    }
}

extension PostgresDialect {
    /// Appended to the first migration on PostgreSQL. Every statement that inserts bus events first takes the
    /// store's write lock (the same transaction-level advisory lock as `Connection.writeTransaction`), so a
    /// transaction holding a lower `seq` always commits before one holding a higher: a subscriber reading "after
    /// seq N" never misses a later-committing lower seq. Each such statement NOTIFYs the store's channel at commit,
    /// which wakes every `BusWatcher` (LISTEN).
    static let busSetup = """

    CREATE FUNCTION watchfloor_events_serialise() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('watchfloor.write:' || current_schema())::bigint);
        RETURN NULL;
    END $$;
    CREATE TRIGGER events_serialise BEFORE INSERT ON events
        FOR EACH STATEMENT EXECUTE FUNCTION watchfloor_events_serialise();
    CREATE FUNCTION watchfloor_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('watchfloor_events_' || current_schema(), '');
        RETURN NULL;
    END $$;
    CREATE TRIGGER events_notify AFTER INSERT ON events
        FOR EACH STATEMENT EXECUTE FUNCTION watchfloor_events_notify();
    """
}
