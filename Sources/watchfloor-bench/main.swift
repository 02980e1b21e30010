print("watchfloor-bench: not yet built")
