package fieldcrypt

import "testing"

func TestMaskPhone(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"13900000001", "139****0001"},
		{" 13900000001 ", "139****0001"},
		{"+8613900000001", "+86*******0001"},
		{"09338812345", "093****2345"},
		{"12345678", "123*5678"},
		{"8812345", "*****45"},
		{"123", "*23"},
		{"12", "**"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := MaskPhone(tt.in); got != tt.want {
				t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMaskName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"王建国", "王**"},
		{"王五", "王*"},
		{"欧阳文轩", "欧***"},
		{"买买提·艾力", "买*****"},
		{"Li Lei", "L*****"},
		{" 王建国 ", "王**"},
		{"王", "*"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := MaskName(tt.in); got != tt.want {
				t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMaskIDNumber(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"620825196302140118", "620825********0118"},
		{"11010519491231002X", "110105********002X"},
		{"110105491231002", "***********1002"},
		{"E12345678", "*****5678"},
		{"12345", "*2345"},
		{"1234", "****"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := MaskIDNumber(tt.in); got != tt.want {
				t.Errorf("MaskIDNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
