package replay

import "testing"

// TestParsedCacheKeepsEveryTree: trees put for the same text (the 500
// INSERTs of one parameterized text in a transaction, parsed ahead by a
// restore) are each taken once, in order, and none is handed out twice.
func TestParsedCacheKeepsEveryTree(t *testing.T) {
	var c parsedCache
	const text = "INSERT INTO `t` (`a`) VALUES (?)"
	a, err := parseOne(text)
	if err != nil {
		t.Fatal(err)
	}
	b, err := parseOne(text)
	if err != nil {
		t.Fatal(err)
	}
	c.put(text, a)
	c.put(text, b)
	if got := c.take(text); got != a {
		t.Fatalf("first take: %p, want the first tree %p", got, a)
	}
	if got := c.take(text); got != b {
		t.Fatalf("second take: %p, want the second tree %p", got, b)
	}
	if got := c.take(text); got != nil || c.n != 0 {
		t.Fatalf("third take: %v with %d trees kept, want none", got, c.n)
	}
}
