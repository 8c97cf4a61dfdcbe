print("ready", flush=True)
input()
print("after interrupt")
