package consensus

import (
	"context"
	"testing"
	"time"
)

// heldSubmit is a SubmitFunc whose calls wait until the test answers
// them, so a test decides which submits are in flight.
type heldSubmit struct {
	calls chan heldCall
}

type heldCall struct {
	tx     *Tx
	answer chan *TxResult
}

func newHeldSubmit() *heldSubmit { return &heldSubmit{calls: make(chan heldCall, 16)} }

func (h *heldSubmit) submit(ctx context.Context, tx *Tx) (*TxResult, error) {
	c := heldCall{tx: tx, answer: make(chan *TxResult, 1)}
	h.calls <- c
	select {
	case r := <-c.answer:
		return r, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// next is the next submit the grouper made.
func (h *heldSubmit) next(t *testing.T) heldCall {
	t.Helper()
	select {
	case c := <-h.calls:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("no submit")
		return heldCall{}
	}
}

// okResult answers every statement of tx.
func okResult(tx *Tx) *TxResult {
	return &TxResult{Statements: make([]StmtResult, len(tx.Statements))}
}

func groupTestWrite(user string) *Tx {
	return &Tx{Database: "d", User: user, Statements: []Statement{{SQL: "INSERT INTO t VALUES (1)", Canonical: "INSERT INTO `t` VALUES (1)"}}}
}

// The writers of a group that was answered send their next writes as one
// group at once, while another submit is still in flight: they must not
// wait for that other submit's block (nor go one by one).
func TestGroupAnsweredWritersGoTogetherWhileAnotherIsInFlight(t *testing.T) {
	h := newHeldSubmit()
	g := NewGrouper(h.submit)
	// Only the writers coming back end a gather or send a queue.
	g.gather, g.wait = time.Minute, time.Minute
	g.pipeline = 0 // two submits in flight whatever the writers
	sc := answerFirstOfTwo(t, g, h)
	write, w1, w2, x, other := sc.write, sc.w1, sc.w2, sc.x, sc.other
	write("a2") // its writer's next write completes the gather
	group := h.next(t)
	if len(group.tx.Statements) != 3 {
		t.Fatalf("first group: %d statements, want 3", len(group.tx.Statements))
	}
	// The group is answered while the other submit is still in flight;
	// its writers send their next writes at once.
	group.answer <- okResult(group.tx)
	answered(t, w1, w2)
	for _, u := range []string{"w1", "w2", "a3"} {
		write(u)
	}
	next := h.next(t)
	if n := len(next.tx.Statements); n != 3 {
		t.Fatalf("the answered writers' next writes went as %d statement(s), want one group of 3", n)
	}
	other.answer <- okResult(other.tx)
	if err := <-x; err != nil {
		t.Fatal(err)
	}
	next.answer <- okResult(next.tx)
}

// groupScenario is where answerFirstOfTwo leaves a Grouper.
type groupScenario struct {
	write     func(user string) <-chan error // submits a write of user
	x, w1, w2 <-chan error                   // their answers
	other     heldCall                       // x's submit, still in flight
}

// answerFirstOfTwo submits "a" and "x" (each alone: fewer than two in
// flight; g must allow two), queues "w1" and "w2" behind them (two in flight: they go as
// one group once a submit is answered) and answers "a".
func answerFirstOfTwo(t *testing.T, g *Grouper, h *heldSubmit) groupScenario {
	t.Helper()
	write := writer(g)
	a := write("a")
	first := h.next(t)
	sc := groupScenario{write: write, x: write("x")}
	sc.other = h.next(t)
	sc.w1, sc.w2 = write("w1"), write("w2")
	waitQueued(t, g, 2)
	first.answer <- okResult(first.tx)
	if err := <-a; err != nil {
		t.Fatal(err)
	}
	return sc
}

// writer returns a function that submits a write of user through g and
// returns a channel with its answer's error.
func writer(g *Grouper) func(user string) <-chan error {
	return func(user string) <-chan error {
		done := make(chan error, 1)
		go func() { _, err := g.Submit(context.Background(), groupTestWrite(user)); done <- err }()
		return done
	}
}

// nextOf is the next submit, which must hold n statements (else the
// test fails, saying when and what it wanted).
func nextOf(t *testing.T, h *heldSubmit, n int, when, want string) heldCall {
	t.Helper()
	c := h.next(t)
	if got := len(c.tx.Statements); got != n {
		t.Fatalf("%s: %d statement(s), want %s", when, got, want)
	}
	return c
}

// answered waits for each write's answer and fails the test on an error.
func answered(t *testing.T, writes ...<-chan error) {
	t.Helper()
	for _, done := range writes {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func waitQueued(t *testing.T, g *Grouper, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		g.mu.Lock()
		q := len(g.queue)
		g.mu.Unlock()
		if q >= n {
			return
		}
	}
	t.Fatalf("%d writes never queued", n)
}

// When blocks are far apart (four validators: ~50 ms), the writers of an
// answered group get a third of that to send their next writes into the
// next group, not just the 4 ms floor: a writer that comes back 20 ms
// later still goes with the others instead of a block later in a group
// of its own.
func TestGroupGatherWaitsLongerWhenBlocksAreSlow(t *testing.T) {
	h := newHeldSubmit()
	g := NewGrouper(h.submit)
	// Answers four minutes apart, a ceiling of one: the window is a
	// minute, so only the writer coming back ends the gather, however
	// loaded the machine running the test.
	g.wait, g.gatherMax = time.Minute, time.Minute
	g.pipeline = 0
	now := time.Now()
	g.observe(now.Add(-4 * time.Minute))
	g.observe(now)
	sc := answerFirstOfTwo(t, g, h)
	time.Sleep(20 * time.Millisecond) // 5× the floor
	sc.write("late")
	group := h.next(t)
	if n := len(group.tx.Statements); n != 3 {
		t.Fatalf("group: %d statements, want 3 (w1, w2 and the answered writer's next write)", n)
	}
	group.answer <- okResult(group.tx)
	sc.other.answer <- okResult(sc.other.tx)
	answered(t, sc.w1, sc.w2, sc.x)
}

// With few writers one submit is in flight: a write that comes while it
// is queues instead of going alone, and when a group is answered while
// another is still in flight, its writers wait for that one's answer and
// go with its writers, so they ride one block together instead of taking
// turns in two.
func TestGroupFewWritersShareOneSubmit(t *testing.T) {
	h := newHeldSubmit()
	g := NewGrouper(h.submit)
	g.gather, g.wait = time.Minute, time.Minute
	write := writer(g)
	a := write("a")
	first := h.next(t)
	x := write("x")
	waitQueued(t, g, 1) // one in flight: x waits
	select {
	case c := <-h.calls:
		t.Fatalf("a write went alone (%d statement(s)) while another was in flight", len(c.tx.Statements))
	case <-time.After(20 * time.Millisecond):
	}
	first.answer <- okResult(first.tx)
	if err := <-a; err != nil {
		t.Fatal(err)
	}
	a2 := write("a")
	next := nextOf(t, h, 2, "after the answer", "x and a's next write in one group")
	if g.Gathering() {
		t.Error("Gathering after the group was sent")
	}
	next.answer <- okResult(next.tx)
	answered(t, x, a2)

	// The answered writers' next writes go as one group (the gather
	// waits for both). Then z1 and z2 queue behind it and are sent as a
	// second group without waiting (as a queue that waited groupMaxWait
	// is, or as the policy does with many writers). With few writers that
	// second group's answer holds its writers until the first group is
	// answered; then all four go as one group.
	x2, a3 := write("x"), write("a")
	g1 := nextOf(t, h, 2, "the answered writers' next writes", "one group of 2")
	z1, z2 := write("z1"), write("z2")
	waitQueued(t, g, 2)
	g.mu.Lock()
	batch := g.take()
	g.mu.Unlock()
	go g.send(batch)
	g2 := h.next(t)
	g2.answer <- okResult(g2.tx)
	answered(t, z1, z2)
	if g.Gathering() {
		t.Error("a gather started while the other group was still in flight")
	}
	z3, z4 := write("z1"), write("z2")
	waitQueued(t, g, 2)
	g1.answer <- okResult(g1.tx)
	answered(t, x2, a3)
	x3, a4 := write("x"), write("a")
	merged := nextOf(t, h, 4, "after both answers", "one group of the four writers")
	merged.answer <- okResult(merged.tx)
	answered(t, z3, z4, x3, a4)
}

func TestGroupGatherWindow(t *testing.T) {
	g := NewGrouper(nil)
	if w := g.window(); w != groupGatherMin {
		t.Fatalf("no answer seen: window %s, want the floor %s", w, groupGatherMin)
	}
	now := time.Now()
	for _, c := range []struct{ apart, want time.Duration }{
		{9 * time.Millisecond, groupGatherMin}, // one node: the floor
		{90 * time.Millisecond, 30 * time.Millisecond},
		{time.Hour, groupGatherMax}, // an idle node counts a second
	} {
		g.answered, g.interval = time.Time{}, 0
		g.observe(now.Add(-c.apart))
		g.observe(now)
		if w := g.window(); w != c.want {
			t.Errorf("answers %s apart: window %s, want %s", c.apart, w, c.want)
		}
	}
}
