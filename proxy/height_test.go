package proxy

import (
	"context"
	"fmt"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// heightChain answers writes at a fixed height and records the heights
// reads asked to wait for; a wait beyond reachable times out.
type heightChain struct {
	recordingChain
	height    int64
	reachable int64
	waited    []int64
}

func (c *heightChain) Submit(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	res, err := c.recordingChain.Submit(ctx, tx)
	if res != nil {
		res.Height = c.height
	}
	return res, err
}

// SubmitGrouped submits alone: these tests look at one session's writes.
func (c *heightChain) SubmitGrouped(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	return c.Submit(ctx, tx)
}

func (c *heightChain) WaitHeight(_ context.Context, h int64) error {
	c.waited = append(c.waited, h)
	if h > c.reachable {
		return fmt.Errorf("%w: at %d", consensus.ErrHeightTimeout, c.reachable)
	}
	return nil
}

func TestSessionHeightVariables(t *testing.T) {
	chain := &heightChain{height: 31, reachable: 40}
	s := newTestSession(chain)
	ctx := context.Background()
	if got := selectOne(t, s, "SELECT @@blocksql_height"); got != "0" {
		t.Errorf("height before any write = %s, want 0", got)
	}
	if _, err := s.Execute(ctx, "INSERT INTO shop.t (id) VALUES (1)", nil); err != nil {
		t.Fatal(err)
	}
	if got := selectOne(t, s, "SELECT @@blocksql_height"); got != "31" {
		t.Errorf("height after a write in block 31 = %s", got)
	}
	if got := selectOne(t, s, "SELECT @@blocksql_applied_height"); got != "7" {
		t.Errorf("applied height = %s, want the database's 7", got)
	}
	if _, err := s.Execute(ctx, "SET @@blocksql_wait_height = 35", nil); err != nil {
		t.Fatal(err)
	}
	selectOne(t, s, "SELECT @@blocksql_wait_height")
	if len(chain.waited) == 0 || chain.waited[len(chain.waited)-1] != 35 {
		t.Errorf("a read after SET @@blocksql_wait_height = 35 waited for %v", chain.waited)
	}
	if _, err := s.Execute(ctx, "SET @@blocksql_wait_height = 50", nil); err != nil {
		t.Fatal(err)
	}
	_, err := s.Execute(ctx, "SELECT id FROM shop.t", nil)
	if de, ok := err.(*drivers.Error); !ok || de.Code != ErLockWaitTimeout {
		t.Errorf("read waiting for an unreachable height: %v, want error %d", err, ErLockWaitTimeout)
	}
	if _, err := s.Execute(ctx, "SET @@blocksql_height = 3", nil); err == nil {
		t.Error("@@blocksql_height accepted a value")
	}
}

func selectOne(t *testing.T, s *Session, q string) string {
	t.Helper()
	res, err := s.Execute(context.Background(), q, nil)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 {
		t.Fatalf("%s: %+v", q, res)
	}
	return fmt.Sprint(res.Rows[0][0])
}
