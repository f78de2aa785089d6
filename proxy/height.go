package proxy

import (
	"context"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// Reading your writes on another node. A session's reads on its own node
// always see its writes (Chain.WaitApplied). A client that wrote through
// one node and reads through another carries the height over:
//
//	SELECT @@blocksql_height;          -- on the node written to: block of the session's last write
//	SET @@blocksql_wait_height = 42;   -- on the other node: reads wait until it applied block 42
//
// @@blocksql_applied_height is the last block this node has applied.
const (
	varHeight        = "blocksql_height"
	varAppliedHeight = "blocksql_applied_height"
	varWaitHeight    = "blocksql_wait_height"
)

// HeightWaiter is what a Chain offers when it can wait for a height that
// another node reported (consensus.Node does).
type HeightWaiter interface {
	WaitHeight(ctx context.Context, h int64) error
}

// heightVar answers the height variables.
func (s *Session) heightVar(name string) (any, bool) {
	switch name {
	case varHeight:
		return s.writeHeight, true
	case varAppliedHeight:
		return s.db.Height(), true
	case varWaitHeight:
		return s.waitHeight, true
	}
	return nil, false
}

// setHeightVar sets @@blocksql_wait_height; handled is false for any other
// variable.
func (s *Session) setHeightVar(name string, val any) (handled bool, err error) {
	switch strings.ToLower(name) {
	case varHeight, varAppliedHeight:
		return true, drivers.Errorf(1238, "HY000", "Variable '%s' is a read only variable", name)
	case varWaitHeight:
	default:
		return false, nil
	}
	h, ok := val.(int64)
	if u, isU := val.(uint64); isU {
		h, ok = int64(u), true
	}
	if !ok || h < 0 {
		return true, drivers.Errorf(1232, "42000", "Incorrect argument type to variable '%s': a block height is a non-negative integer", name)
	}
	s.waitHeight = h
	return true, nil
}

// waitForHeight makes a read wait until this node has applied the height
// the session asked for.
func (s *Session) waitForHeight(ctx context.Context) error {
	if s.waitHeight <= s.db.Height() {
		return nil
	}
	hw, ok := s.chain.(HeightWaiter)
	if !ok {
		return nil
	}
	if err := hw.WaitHeight(ctx, s.waitHeight); err != nil {
		return chainError(err)
	}
	return nil
}
