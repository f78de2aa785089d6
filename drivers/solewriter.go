package drivers

import (
	"context"
	"errors"
	"sync"
)

// SoleConn is what a SoleWriter driver keeps: the connection that holds
// its database's writer lock, lent to one local transaction at a time.
// When that connection breaks (the server restarted or dropped it), the
// lock went with it: the next Begin takes it again on a new connection,
// waiting as LockWriter does, before anything runs.
type SoleConn[C any] struct {
	mu   sync.Mutex
	on   bool // LockWriter was called: Begin goes through the connection
	has  bool // conn holds the lock
	busy bool // a local transaction runs on conn
	conn C
	// lock returns a new connection that holds the lock; release closes
	// one (which gives the lock up).
	lock    func(ctx context.Context) (C, error)
	release func(C)
}

// ErrWriterBusy is a local transaction begun while another is open on the
// writer connection: the engine never does so, and the server would end
// the first one silently.
var ErrWriterBusy = errors.New("a local transaction is already open on the writer's connection")

// Lock takes the lock now with lock, and makes Begin use its connection.
// A second engine on the same driver shares it.
func (s *SoleConn[C]) Lock(ctx context.Context, lock func(ctx context.Context) (C, error), release func(C)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.on {
		return nil
	}
	s.lock, s.release = lock, release
	conn, err := lock(ctx)
	if err != nil {
		return err
	}
	s.on, s.has, s.conn = true, true, conn
	return nil
}

// On reports whether Lock succeeded: local transactions then run only
// through Begin.
func (s *SoleConn[C]) On() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.on
}

// Begin starts a local transaction on the writer connection with begin.
// If begin fails, the connection is dropped and the lock taken again on a
// new one, once: a transaction never starts without the lock.
func (s *SoleConn[C]) Begin(ctx context.Context, begin func(C) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.busy {
		return ErrWriterBusy
	}
	for again := false; ; again = true {
		if !s.has {
			conn, err := s.lock(ctx)
			if err != nil {
				return err
			}
			s.has, s.conn = true, conn
		}
		err := begin(s.conn)
		if err == nil {
			s.busy = true
			return nil
		}
		s.drop()
		if again {
			return err
		}
	}
}

// Done ends the local transaction Begin started. broken is set when the
// connection failed under it: the next Begin takes the lock again.
func (s *SoleConn[C]) Done(broken bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busy = false
	if broken {
		s.drop()
	}
}

// Close gives the lock up.
func (s *SoleConn[C]) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop()
	s.on = false
}

func (s *SoleConn[C]) drop() {
	if s.has {
		s.release(s.conn)
		var zero C
		s.has, s.conn = false, zero
	}
}
