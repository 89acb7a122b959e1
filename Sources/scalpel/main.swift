import Scalpel
print("scalpel: not yet written")
