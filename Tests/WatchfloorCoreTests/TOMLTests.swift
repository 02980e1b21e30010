import Testing
import WatchfloorCore

@Suite("TOML")
struct TOMLTests {
    @Test func keysTablesAndComments() throws {
        let doc = try TOML.parse("""
            # Watchfloor daemon config
            title = "县应急指挥中心"   # trailing comment
            "quoted key" = 1
            'literal key' = 2
            a.b.c = 3
            site."东门".grid = "330102001001001"

            [store]
            path = "/var/lib/watchfloor/watchfloor.db"

            [sla.level]
            1 = 120
            2 = 300

            [sla]
            unit = "seconds"
            """)
        #expect(doc["title"]?.string == "县应急指挥中心")
        #expect(doc["quoted key"]?.int == 1)
        #expect(doc["literal key"]?.int == 2)
        #expect(doc["a"]?["b"]?["c"]?.int == 3)
        #expect(doc["site"]?["东门"]?["grid"]?.string == "330102001001001")
        #expect(doc["store"]?["path"]?.string == "/var/lib/watchfloor/watchfloor.db")
        #expect(doc["sla"]?["level"]?["1"]?.int == 120)
        #expect(doc["sla"]?["unit"]?.string == "seconds")
    }

    @Test func arrayOfTables() throws {
        let doc = try TOML.parse("""
            [[source]]
            name = "eve"
            [source.options]
            follow = true

            [[source]]
            name = "syslog"
            port = 5514
            """)
        let sources = try #require(doc["source"]?.array)
        #expect(sources.count == 2)
        #expect(sources[0]["name"]?.string == "eve")
        #expect(sources[0]["options"]?["follow"]?.bool == true)
        #expect(sources[1]["port"]?.int == 5514)
        #expect(sources[1]["options"] == nil)
    }

    @Test func strings() throws {
        let doc = try TOML.parse(#"""
            basic = "tab\there \"q\" \\ \u4E2D\U0001F525"
            literal = 'C:\path\no-escapes'
            multi = """
            line one
            line two"""
            folded = """\
                   The quick \
                   brown fox."""
            multiLiteral = '''
            raw \n text
            '''
            quotes = """He said "hi"."""
            edge = """""ends with two quotes"""""
            """#)
        #expect(doc["basic"]?.string == "tab\there \"q\" \\ 中🔥")
        #expect(doc["literal"]?.string == #"C:\path\no-escapes"#)
        #expect(doc["multi"]?.string == "line one\nline two")
        #expect(doc["folded"]?.string == "The quick brown fox.")
        #expect(doc["multiLiteral"]?.string == "raw \\n text\n")
        #expect(doc["quotes"]?.string == "He said \"hi\".")
        #expect(doc["edge"]?.string == "\"\"ends with two quotes\"\"")
    }

    @Test func numbersBooleansDates() throws {
        let doc = try TOML.parse("""
            int = 1_000_000
            neg = -17
            plus = +5
            hex = 0xDEAD_beef
            oct = 0o755
            bin = 0b1010
            pi = 3.14159
            exp = 5e+22
            small = -2E-2
            under = 9_224.5
            inf = -inf
            nan = nan
            yes = true
            no = false
            odt = 1979-05-27T07:32:00-08:00
            spaced = 1979-05-27 07:32:00Z
            date = 2026-11-22
            time = 07:32:00.999
            """)
        #expect(doc["int"]?.int == 1_000_000)
        #expect(doc["neg"]?.int == -17)
        #expect(doc["plus"]?.int == 5)
        #expect(doc["hex"]?.int == 0xDEADBEEF)
        #expect(doc["oct"]?.int == 0o755)
        #expect(doc["bin"]?.int == 10)
        #expect(doc["pi"]?.double == 3.14159)
        #expect(doc["exp"]?.double == 5e22)
        #expect(doc["small"]?.double == -0.02)
        #expect(doc["under"]?.double == 9224.5)
        #expect(doc["int"]?.double == 1_000_000)                  // integers read as doubles on request
        #expect(doc["inf"]?.double == -.infinity)
        #expect(doc["nan"]?.double?.isNaN == true)
        #expect(doc["yes"]?.bool == true)
        #expect(doc["no"]?.bool == false)
        #expect(doc["odt"] == .datetime("1979-05-27T07:32:00-08:00"))
        #expect(doc["spaced"] == .datetime("1979-05-27 07:32:00Z"))
        #expect(doc["date"]?.datetime == "2026-11-22")
        #expect(doc["time"]?.datetime == "07:32:00.999")
    }

    @Test func arraysAndInlineTables() throws {
        let doc = try TOML.parse("""
            keys = ["a", "Enter",]
            nested = [[1, 2], ["x"]]
            multi = [
              "j",   # down
              "Down",
            ]
            empty = []
            point = { x = 1, y = 2, label.zh = "东门" }
            holidays = [ { date = 2026-10-01, name = "国庆" }, { date = 2026-10-02 } ]
            """)
        #expect(doc["keys"] == .array([.string("a"), .string("Enter")]))
        #expect(doc["nested"]?[0]?[1]?.int == 2)
        #expect(doc["multi"]?.array?.count == 2)
        #expect(doc["empty"] == .array([]))
        #expect(doc["point"]?["label"]?["zh"]?.string == "东门")
        #expect(doc["holidays"]?[0]?["name"]?.string == "国庆")
        #expect(doc["holidays"]?[1]?["date"]?.datetime == "2026-10-02")
        #expect(doc["holidays"]?[5] == nil)
    }

    @Test func crlfLineEndings() throws {
        let doc = try TOML.parse("a = 1\r\n[t]\r\nb = \"x\"\r\n")
        #expect(doc["t"]?["b"]?.string == "x")
    }

    private func error(_ text: String) -> TOMLError? {
        do { _ = try TOML.parse(text); return nil } catch let e as TOMLError { return e } catch { return nil }
    }

    @Test func errorsCarryLineAndMessage() throws {
        let dup = try #require(error("a = 1\n\n# c\na = 2\n"))
        #expect(dup.line == 4)
        #expect(dup.message.contains("duplicate key 'a'"))
        #expect(dup.description == "line 4: duplicate key 'a'")

        let unterminated = try #require(error("ok = 1\nname = \"东门\nnext = 2"))
        #expect(unterminated.line == 2)
        #expect(unterminated.message.contains("unterminated string"))

        let bad = try #require(error("x = 1\ny = abc\n"))
        #expect(bad.line == 2)
        #expect(bad.message.contains("bad value 'abc'"))

        let table = try #require(error("[a]\nx=1\n[b]\n[a]\n"))
        #expect(table.line == 4)
        #expect(table.message.contains("defined twice"))

        #expect(error("a = 1\na.b = 2")?.message.contains("not a table") == true)
        #expect(error("a = {x = 1}\n[a]\n")?.line == 2)
        #expect(error("a = {x = 1}\na.y = 2\n") != nil)
        #expect(error("a = [1]\n[[a]]\n") != nil)
        #expect(error("a = 1 b = 2")?.message.contains("end of line") == true)
        #expect(error("s = \"\\q\"")?.message.contains("invalid escape") == true)
        #expect(error("n = 01") != nil)
        #expect(error("n = 1__0") != nil)
        #expect(error("n = 1.") != nil)
        #expect(error("arr = [1, 2") != nil)
        #expect(error("t = {a = 1, a = 2}")?.message.contains("duplicate") == true)
        #expect(error("m = '''never") != nil)
        #expect(error("[x]\ny.z = 1\n[x.y]\n") != nil)           // dotted-key table reopened by a header
        #expect(error("= 1") != nil)
    }
}
