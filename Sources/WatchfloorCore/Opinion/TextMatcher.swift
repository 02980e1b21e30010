/// Finds every occurrence of a set of words in a text in one pass (Aho–Corasick), so the cost per post depends on
/// the text's length, not on how many watch-words and place names there are. Chinese needs no word segmentation
/// here: words are matched as substrings of the UTF-8 bytes (a UTF-8 sequence never starts inside another, so a
/// byte match is a character match).
///
/// Built as a full DFA (256 next-states per state, failure links folded in): one array read per input byte. Memory
/// is states × 1 KiB — a rule set of 1,000 four-character Chinese words is about 12,000 states, 12 MiB.
public struct TextMatcher: Sendable {
    /// A word and a caller-defined tag (what the word means: a category, an exclusion, a grid).
    public struct Word: Sendable, Equatable {
        public var text: String
        public var tag: Int
        public init(_ text: String, tag: Int) { self.text = text; self.tag = tag }
    }

    public let words: [Word]
    private var next: [Int32] = []
    /// For each state, the words that end there (directly or through its failure chain): state `s`'s are
    /// `outputWords[outputStart[s]..<outputStart[s + 1]]` (flat, so the scan reads two integers per byte).
    private var outputStart: [Int32] = [0]
    private var outputWords: [Int32] = []

    public init(words: [Word]) {
        self.words = words.filter { !$0.text.isEmpty }
        build()
    }

    public var stateCount: Int { outputStart.count - 1 }

    private mutating func build() {
        var goto: [[Int32]] = [Array(repeating: -1, count: 256)]
        var out: [[Int32]] = [[]]
        for (i, w) in words.enumerated() {
            var s = 0
            for b in w.text.utf8 {
                let n = goto[s][Int(b)]
                if n >= 0 { s = Int(n); continue }
                goto.append(Array(repeating: -1, count: 256)); out.append([])
                goto[s][Int(b)] = Int32(goto.count - 1)
                s = goto.count - 1
            }
            out[s].append(Int32(i))
        }
        // Breadth-first: each state's missing transitions are its failure state's transitions.
        var fail = Array(repeating: 0, count: goto.count)
        var queue: [Int] = []
        for b in 0..<256 {
            let n = goto[0][b]
            if n >= 0 { fail[Int(n)] = 0; queue.append(Int(n)) } else { goto[0][b] = 0 }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            out[s] += out[fail[s]]
            for b in 0..<256 {
                let n = goto[s][b]
                if n >= 0 {
                    fail[Int(n)] = Int(goto[fail[s]][b])
                    queue.append(Int(n))
                } else {
                    goto[s][b] = goto[fail[s]][b]
                }
            }
        }
        next = goto.flatMap { $0 }
        outputStart = [0]
        for o in out { outputWords += o; outputStart.append(Int32(outputWords.count)) }
    }

    /// Calls `hit(wordIndex, endByteOffset)` for every occurrence, overlapping ones included.
    public func scan(_ text: String, _ hit: (Int, Int) -> Void) {
        var text = text
        text.withUTF8 { buf in scan(UnsafeRawBufferPointer(buf), hit) }
    }

    public func scan(_ bytes: UnsafeRawBufferPointer, _ hit: (Int, Int) -> Void) {
        guard !words.isEmpty else { return }
        next.withUnsafeBufferPointer { table in
            outputStart.withUnsafeBufferPointer { start in
                outputWords.withUnsafeBufferPointer { words in
                    var s = 0
                    for i in 0..<bytes.count {
                        s = Int(table[s << 8 | Int(bytes[i])])
                        let from = Int(start[s]), to = Int(start[s + 1])
                        if from != to { for k in from..<to { hit(Int(words[k]), i + 1) } }
                    }
                }
            }
        }
    }
}
