package consensus

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSubmit measures raw consensus on one embedded node: Submit
// through CheckTx, a block, a NoopApplier and Commit, with 1, 64 and 512
// concurrent submitters. Run with a fixed count, for example
// go test -run '^$' -bench Submit -benchtime 20000x ./consensus/
func BenchmarkSubmit(b *testing.B) {
	for _, par := range []int{1, 64, 512} {
		b.Run(fmt.Sprintf("submitters=%d", par), func(b *testing.B) {
			n := startNode(b, initHome(b, InitOptions{}), &NoopApplier{})
			benchSubmit(b, n, par)
		})
	}
}

func benchSubmit(b *testing.B, n *Node, submitters int) {
	ctx := context.Background()
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	start := n.Height()
	b.ReportAllocs()
	b.ResetTimer()
	for range submitters {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < b.N; i = int(next.Add(1) - 1) {
				t0 := time.Now()
				if _, err := n.Submit(ctx, insert(i)); err != nil {
					if failed.Add(1) == 1 {
						b.Error(err)
					}
				}
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99-ms")
	b.ReportMetric(float64(b.N)/float64(max(1, n.Height()-start)), "tx/block")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkLargeStatementTx measures encoding (with the text as sent's
// delta) and decoding a 32 MiB INSERT's transaction:
// go test -run '^$' -bench LargeStatementTx -benchtime 5x ./consensus/
func BenchmarkLargeStatementTx(b *testing.B) {
	literal := strings.Repeat("a", 32<<20)
	tx := &Tx{Statements: []Statement{{SQL: "INSERT INTO test VALUES('" + literal + "')",
		Canonical: "INSERT INTO `test` VALUES (_UTF8MB4'" + literal + "')"}}}
	b.Run("encode", func(b *testing.B) {
		for range b.N {
			_ = tx.Marshal()
		}
	})
	raw := tx.Marshal()
	b.Run("decode", func(b *testing.B) {
		for range b.N {
			if _, err := UnmarshalTx(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSignGroup signs and encodes a group of 64 sysbench-like INSERTs
// as the submitting node does (Node.sign), in the encoding this build
// writes and in version 3, whose signature covered the whole body.
func BenchmarkSignGroup(b *testing.B) {
	for _, v := range []byte{TxVersionGroup, txVersionGroup3} {
		b.Run(fmt.Sprintf("version-%d", v), func(b *testing.B) {
			tx := sessionsGroup(64)
			tx.Version = v
			pad := bytes.Repeat([]byte("x"), 180) // c CHAR(120) and pad CHAR(60)
			for i := range tx.Statements {
				tx.Statements[i].Params = append(tx.Statements[i].Params, Value{Kind: KindString, Bytes: pad})
			}
			pub, key, err := ed25519.GenerateKey(nil)
			if err != nil {
				b.Fatal(err)
			}
			n := &Node{pub: pub, key: key}
			b.ReportAllocs()
			for b.Loop() {
				raw := n.sign(tx)
				b.SetBytes(int64(len(raw)))
			}
		})
	}
}
