package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay/audit"
)

type proveCmd struct{}

func init() { register("prove", proveCmd{}) }

func (proveCmd) Summary() string {
	return "write a proof that a transaction is in a block signed by the validators"
}

const proveHint = "blocksql prove 3f9a1c... --out tx.proof.json"

func (proveCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("prove", flag.ContinueOnError)
	home := fs.String("home", defaultHome(), "node home directory")
	out := fs.String("out", "", "write the proof to this file (default: standard output)")
	pos, err := parseArgs(fs, args)
	if err != nil || len(pos) != 1 {
		return &UsageError{Msg: "prove takes one transaction hash (or a unique prefix)", Hint: proveHint}
	}
	p, err := buildProof(ctx, *home, pos[0])
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if *out == "" {
		_, err = os.Stdout.Write(b)
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("write proof: %w", err)
	}
	fmt.Fprintf(os.Stderr, "proof of %s (height %d) written to %s\ncheck it with: blocksql verify-proof %s --genesis %s\n",
		p.TxHash, p.Height, *out, *out, filepath.Join(*home, "config", "genesis.json"))
	return nil
}

func buildProof(ctx context.Context, home, tx string) (*audit.Proof, error) {
	drv, err := openLog(home)
	if err != nil {
		return nil, err
	}
	defer drv.Close()
	c, err := consensus.LoadConfig(home)
	if err != nil {
		return nil, err
	}
	gen, err := cmttypes.GenesisDocFromFile(c.GenesisFile())
	if err != nil {
		return nil, fmt.Errorf("read genesis: %w", err)
	}
	bs, err := consensus.OpenBlockStore(home)
	if err != nil {
		return nil, err
	}
	defer bs.Close()
	return audit.BuildProof(ctx, drv, bs, gen, tx)
}
