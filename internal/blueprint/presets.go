package blueprint

import (
	"embed"
	"fmt"
	"slices"
	"strings"
)

//go:embed presets/*.hcl
var presetFiles embed.FS

// PresetNames lists the presets hipaagen init writes, sorted.
func PresetNames() []string {
	entries, _ := presetFiles.ReadDir("presets")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".hcl"))
	}
	slices.Sort(names)
	return names
}

// Preset returns the blueprint source of preset name.
func Preset(name string) ([]byte, error) {
	if !slices.Contains(PresetNames(), name) {
		return nil, fmt.Errorf("unknown preset %q: use one of %s", name, strings.Join(PresetNames(), ", "))
	}
	return presetFiles.ReadFile("presets/" + name + ".hcl")
}
