package drivers

import (
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// PGKnownQueries recognises a set of known postgres-dialect query texts
// (psql's catalog queries) in what a client sends, by pg_query's
// fingerprint, which ignores constants and layout.
type PGKnownQueries[T any] struct {
	// Known lists the queries, read at the first Find (after init).
	Known func() []T
	// Text is a known query's text.
	Text func(T) string

	once sync.Once
	byFP map[string]T
}

// Find is the known query text is, if it is one.
func (k *PGKnownQueries[T]) Find(text string) (T, bool) {
	k.once.Do(func() {
		k.byFP = map[string]T{}
		for _, q := range k.Known() {
			if fp, err := pg_query.Fingerprint(k.Text(q)); err == nil {
				k.byFP[fp] = q
			}
		}
	})
	var zero T
	fp, err := pg_query.Fingerprint(text)
	if err != nil {
		return zero, false
	}
	q, ok := k.byFP[fp]
	return q, ok
}
