package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/replay"
)

func init() { register(newDigestCmd) }

func newDigestCmd() *cobra.Command {
	var home string
	var asJSON bool
	c := &cobra.Command{
		Use:     "digest",
		Short:   "print the canonical state digest of a node's local database",
		Long:    "digest prints the height and the canonical state digest (per table and overall) of a node's\nlocal database; two nodes at the same height must print the same digest.",
		Example: "  blocksql digest --home ./node\n  blocksql digest --home ./node --json",
		RunE:    func(cmd *cobra.Command, _ []string) error { return runDigest(cmd.Context(), home, asJSON) },
	}
	c.Flags().StringVar(&home, "home", defaultHome(), "node home directory")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func runDigest(ctx context.Context, home string, asJSON bool) error {
	cfg, err := loadConfig(home)
	if err != nil {
		return err
	}
	if cfg.Dialect == "postgres" {
		return printPostgresDigest(ctx, home, cfg.Database, asJSON)
	}
	e, err := openEngine(ctx, home, cfg.Database, nil, replay.ReadOnly())
	if err != nil {
		return err
	}
	defer e.Driver().Close()
	d, err := e.Digest(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "height\t%d\ndigest\t%s\n\nTABLE\tROWS\tHASH\n", d.Height, d.Hash)
	for _, t := range d.Tables {
		fmt.Fprintf(w, "%s.%s\t%d\t%s\n", t.DB, t.Name, t.Rows, t.Hash)
	}
	return w.Flush()
}
