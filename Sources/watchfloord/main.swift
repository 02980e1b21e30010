print("watchfloord: not yet built")
