# Texts of the member screens added after the first member pages (see strings.py for the format).
S = {
"AppAccess.Title": ("Tài khoản Sổ tay đảng viên", "Handbook app credential"),
"AppAccess.Rule": ("Cấp cho đảng viên một mã đăng nhập ứng dụng Sổ tay đảng viên. Mã chỉ hiện một lần; cấp mã mới thì mã cũ hết hiệu lực. Đảng viên được miễn sinh hoạt không thuộc diện cài đặt.", "Give the member a credential for the handbook app. It is shown once; a new one cancels the old. Exempt members are not eligible."),
"AppAccess.Issued": ("Đã cấp mã. Hãy trao cho đảng viên ngay; mã sẽ không hiện lại.", "Credential issued. Hand it to the member now; it will not be shown again."),
"AppAccess.Login": ("Tên đăng nhập (số CCCD)", "Login (citizen ID)"),
"AppAccess.Secret": ("Mã đăng nhập", "Credential"),
"AppAccess.None": ("Đảng viên chưa có mã đăng nhập ứng dụng.", "The member has no app credential."),
"AppAccess.Active": ("Có mã đăng nhập, cấp ngày {0}.", "A credential is active, issued {0}."),
"AppAccess.Grant": ("Cấp mã đăng nhập", "Issue a credential"),
"AppAccess.Regrant": ("Cấp mã mới (hủy mã cũ)", "Issue a new one (cancels the old)"),
"AppAccess.Revoke": ("Thu hồi mã", "Revoke"),
"MemberEvent.AppAccessGranted": ("Cấp mã đăng nhập Sổ tay đảng viên", "Handbook app credential issued"),
"MemberEvent.AppAccessRevoked": ("Thu hồi mã đăng nhập Sổ tay đảng viên", "Handbook app credential revoked"),
"Member.ExemptNotEligible": ("Đảng viên được miễn công tác và sinh hoạt không thuộc diện dùng Sổ tay đảng viên.", "Exempt members are not eligible for the handbook app."),
"Member.AppSecretRequired": ("Thiếu mã đăng nhập.", "The credential is missing."),
"Member.AppAccessNotFound": ("Không có mã đăng nhập đang hiệu lực này.", "No such active credential."),
}
