// Command mkfont extracts one face of a TrueType collection into a TTF, for the
// PDF guides: go run ./internal/guide/fonts/mkfont in.ttc 0 out.ttf
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/tongban/tongban/internal/guide"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: mkfont collection.ttc face out.ttf")
		os.Exit(2)
	}
	face, err := strconv.Atoi(os.Args[2])
	if err == nil {
		err = extract(os.Args[1], face, os.Args[3])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkfont:", err)
		os.Exit(1)
	}
}

func extract(in string, face int, out string) error {
	ttc, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	ttf, err := guide.ExtractTTCFace(ttc, face)
	if err != nil {
		return err
	}
	return os.WriteFile(out, ttf, 0o644)
}
