# Texts of the in-app notifications (see strings.py for the format).
S = {
"Notifications.Title": ("Thông báo", "Notifications"),
"Notifications.Empty": ("Không có thông báo.", "No notifications."),
"Notifications.MarkRead": ("Đánh dấu đã đọc", "Mark as read"),
"Notifications.Nav": ("Thông báo", "Notifications"),
"Notification.TransferOverdue": ("Giấy giới thiệu {0} quá hạn: đảng viên chưa nộp đến ngày {1}. Hãy xử lý và ghi nhận kết quả.", "Transfer letter {0} is overdue: the member had not presented it by {1}. Follow up and record what was done."),
"Notification.TemporaryEnded": ("Sinh hoạt tạm thời theo giấy {0} đã hết hạn ngày {1}: đảng viên trở về chi bộ chính thức.", "The temporary transfer {0} ended on {1}: the member is back with the home cell."),
}
