import Testing
@testable import WatchfloorIngest
