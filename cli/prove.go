package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay/audit"
)

func init() { register(newProveCmd) }

func newProveCmd() *cobra.Command {
	var home, out string
	var stmt int
	c := &cobra.Command{
		Use:   "prove TX",
		Short: "write a proof that a transaction is in a block signed by the validators",
		Long: "prove writes a self-contained proof that transaction TX (its hash, or a unique prefix)\n" +
			"is in a block signed by more than 2/3 of the validators; verify-proof checks it offline.\n" +
			"Concurrent autocommit writes may share one grouped transaction: --statement names the\n" +
			"client's own (stmt_index in blocksql log), and verify-proof then reports its user and address.",
		Example: "  blocksql prove 3f9a1c --home ./node --out tx.proof.json\n" +
			"  blocksql prove 3f9a1c --statement 17 --out write.proof.json",
		Args: exactArgs(1, "one transaction hash (or a unique prefix)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runProve(cmd.Context(), home, args[0], stmt, out)
		},
	}
	c.Flags().StringVar(&home, "home", defaultHome(), "node home directory")
	c.Flags().StringVar(&out, "out", "", "write the proof to this file (default: standard output)")
	c.Flags().IntVar(&stmt, "statement", -1, "the index of the statement to prove (of a grouped transaction); default: the whole transaction")
	return c
}

func runProve(ctx context.Context, home, tx string, stmt int, out string) error {
	p, err := buildProof(ctx, home, tx, stmt)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if out == "" {
		_, err = os.Stdout.Write(b)
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return fmt.Errorf("write proof: %w", err)
	}
	fmt.Fprintf(os.Stderr, "proof of %s (height %d) written to %s\ncheck it with: blocksql verify-proof %s --genesis %s\n",
		p.TxHash, p.Height, out, out, filepath.Join(home, "config", "genesis.json"))
	return nil
}

func buildProof(ctx context.Context, home, tx string, stmt int) (*audit.Proof, error) {
	drv, closeLog, err := openAuditSource(home)
	if err != nil {
		return nil, err
	}
	defer closeLog()
	gen, err := nodeGenesis(home)
	if err != nil {
		return nil, err
	}
	bs, err := consensus.OpenBlockStore(home)
	if err != nil {
		return nil, err
	}
	defer bs.Close()
	return audit.BuildProof(ctx, drv, bs, gen.Doc, tx, stmt)
}

// openAuditSource is the node's operation log for the audit queries: its
// local database, or the PostgreSQL database of a postgres-dialect node.
func openAuditSource(home string) (audit.Source, func() error, error) {
	cfg, err := loadConfig(home)
	if err != nil {
		return nil, nil, err
	}
	if cfg.Dialect == "postgres" {
		s, err := openPGSource(home, cfg.Database)
		if err != nil {
			return nil, nil, err
		}
		return s, s.Close, nil
	}
	drv, err := openDriver(home, cfg.Database)
	if err != nil {
		return nil, nil, err
	}
	return drv, drv.Close, nil
}
