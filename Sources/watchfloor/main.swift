print("watchfloor: not yet built")
