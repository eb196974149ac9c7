"""The hall's files and clock: config, data file, archive, backups, day rules, check and repair, demo. Each message in English and 简体中文, side by side: ``key: (English, 中文)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "config.invalid": (
        "{text}",
        "{text}",
    ),
    "store.unreadable": (
        "The data file {path} cannot be read ({reason}). Nothing was changed. To recover, run 'kiosk backups' and restore the newest with 'kiosk backups --restore NAME'.",
        "无法读取数据文件 {path}（{reason}）。未做任何改动。恢复方法：运行 'kiosk backups' 查看备份，再用 'kiosk backups --restore 名称' 恢复最新备份。",
    ),
    "store.journal_damaged": (
        "The journal {path} is damaged at byte {offset} (a record fails its checksum, and later ones follow it). Nothing was changed. Run 'kiosk check' to see it and 'kiosk check --repair' to keep every record that is whole.",
        "日志文件 {path} 在第 {offset} 字节处损坏（一条记录校验失败，其后还有记录）。未做任何改动。运行 'kiosk check' 查看，'kiosk check --repair' 保留所有完好的记录。",
    ),
    "store.busy": (
        "The data file {path} stayed locked for {seconds} s; another program may be stuck. Try again.",
        "数据文件 {path} 被锁定超过 {seconds} 秒，可能有程序卡住，请重试。",
    ),
    "store.io": (
        "The data file {path} could not be used: {reason}.",
        "无法使用数据文件 {path}：{reason}。",
    ),
    "store.missing": (
        "The data file {path} does not exist; nothing was created. {hint}",
        "数据文件 {path} 不存在，未创建任何文件。{hint}",
    ),
    "store.hint_backups": (
        "{count} backup(s) of it are beside it (newest {newest}): 'kiosk backups' lists them and 'kiosk backups --restore NAME' puts one back. If the path is mistyped, check --data, $KIOSK_DATA or hall.data.",
        "旁边有 {count} 份备份（最新 {newest}）：运行 'kiosk backups' 查看，用 'kiosk backups --restore 名称' 恢复。如路径输错，请检查 --data、$KIOSK_DATA 或 hall.data。",
    ),
    "store.hint_archive": (
        "Its archive of closed days ({archive}) is there, so this hall has run here: put the data file back from your own copy, or check --data, $KIOSK_DATA or hall.data for a mistyped path.",
        "旁边有已结束日期的归档（{archive}），说明本大厅曾在此运行：请从您自己的副本放回数据文件，或检查 --data、$KIOSK_DATA 或 hall.data 的路径是否输错。",
    ),
    "store.hint_new": (
        "Check --data, $KIOSK_DATA or hall.data for a mistyped path; for a new hall run 'kiosk init'.",
        "请检查 --data、$KIOSK_DATA 或 hall.data 的路径是否输错；新大厅请运行 'kiosk init'。",
    ),
    "store.exists": (
        "A hall's files are already there ({found}); a new hall is only made where none exists.",
        "此处已有大厅的文件（{found}）；只能在没有数据的位置新建大厅。",
    ),
    "store.newer_schema": (
        "{path} was written by a newer Hall Kiosk (record layout {found}, this one knows {known}); it was not used. Update Hall Kiosk on this machine.",
        "{path} 由更新版本的 Hall Kiosk 写入（记录格式 {found}，本版本支持 {known}），未使用。请在本机更新 Hall Kiosk。",
    ),
    "store.unknown_group": (
        "[store] group = '{group}' in kiosk.toml is not a group of this system.",
        "kiosk.toml 中 [store] group = '{group}' 不是本系统的用户组。",
    ),
    "archive.conflict": (
        "The archive {path} already holds a different {table} record {record} of a closed day; nothing was written. Run 'kiosk check' and keep both files for the hall's IT person.",
        "归档 {path} 中已有已结束日期的另一条 {table} 记录 {record}；未写入任何内容。请运行 'kiosk check'，并保留两个文件交给信息管理员。",
    ),
    "clock.day_closed": (
        "This machine's clock says {now}, but {day} and the days before it are already closed: the clock is probably wrong (or the day was closed early with 'kiosk archive --force', which cannot be undone). Nothing was written; set the clock right and try again.",
        "本机时钟显示 {now}，但 {day} 及之前的日期已结束：时钟可能有误（或曾用 'kiosk archive --force' 提前结束当天，此操作无法撤销）。未写入任何内容；请校准时钟后重试。",
    ),
    "clock.behind": (
        "This machine's clock says {now}, earlier than the hall's newest record ({newest}): the clock is probably wrong. Nothing was written; set the clock right and try again.",
        "本机时钟显示 {now}，早于大厅最新记录（{newest}）：时钟可能有误。未写入任何内容；请校准时钟后重试。",
    ),
    "clock.ahead": (
        "This machine's clock says {now}, but the hall is still running {day} (last write {last}) and the clock cannot have moved that far since: it is probably wrong. Nothing was written and {day} goes on. If the clock is right, close the day with 'kiosk archive --force'.",
        "本机时钟显示 {now}，但大厅仍在运行 {day}（最后写入 {last}），时钟不可能走了这么远：时钟可能有误。未写入任何内容，{day} 照常进行。如时钟无误，请用 'kiosk archive --force' 结束当天。",
    ),
    "clock.archive_ahead": (
        "This machine's clock says {now}, but the hall's last write ({last}) on {day} was moments ago by the machine's running time: the clock is probably wrong, so no day was closed. If the clock is right, run 'kiosk archive --force'.",
        "本机时钟显示 {now}，但按本机运行时间，大厅在 {day} 的最后写入（{last}）刚刚发生：时钟可能有误，未结束任何日期。如时钟无误，请运行 'kiosk archive --force'。",
    ),
    "clock.training_day": (
        "This training copy is on {day}; a simulated clock at {now} is a later day. Move the copy on with 'kiosk archive' at that --now first.",
        "此培训副本处于 {day}；模拟时钟 {now} 是之后的日期。请先在该 --now 下运行 'kiosk archive' 推进副本。",
    ),
    "clock.overview_warning": (
        "This machine's clock contradicts the hall's records: what follows is of the wrong day, and writes are refused. Set the clock right.",
        "本机时钟与大厅记录不符：以下内容属于错误的日期，写入会被拒绝。请校准时钟。",
    ),
    "clock.resident": (
        "This terminal cannot take requests just now. Please ask a member of staff; nothing was recorded.",
        "本机暂时无法办理，请联系工作人员；本次操作未被记录。",
    ),
    "clock.training_on_live": (
        "--now runs a simulated clock, which would damage the live hall in {path}. Make a training copy with 'kiosk training-copy PATH' (or 'kiosk demo --data PATH') and use --data PATH with --now.",
        "--now 使用模拟时钟，会损坏 {path} 中正在运行的大厅数据。请用 'kiosk training-copy 路径'（或 'kiosk demo --data 路径'）制作培训副本，再配合 --data 路径 使用 --now。",
    ),
    "store.readonly": (
        "This view is read-only.",
        "此视图为只读。",
    ),
    "store.no_backup": (
        "There is no backup named '{name}'; 'kiosk backups' lists them.",
        "没有名为“{name}”的备份；运行 'kiosk backups' 查看。",
    ),
    "demo.days": (
        "--days must be between 0 and 3660.",
        "--days 须在 0 到 3660 之间。",
    ),
    "demo.not_empty": (
        "{path} already holds records; demo history only goes into a new data file (use --data).",
        "{path} 中已有记录；演示数据只能写入新的数据文件（请用 --data 指定）。",
    ),
    "range.conflict": (
        "Give either --date or --from and --to, not both.",
        "请只用 --date，或同时用 --from 和 --to，二者不能同时给出。",
    ),
    "range.incomplete": (
        "--from and --to go together: give both.",
        "--from 和 --to 须同时给出。",
    ),
    "range.reversed": (
        "The range is reversed: --from {first} is after --to {last}.",
        "日期范围颠倒：--from {first} 晚于 --to {last}。",
    ),
    "check.config_ok": (
        "Config {config}: OK ({services} services, {counters} counters)",
        "配置 {config}：正常（{services} 项业务，{counters} 个窗口）",
    ),
    "check.data": (
        "Data file {path}: {bytes} bytes, {records}",
        "数据文件 {path}：{bytes} 字节，{records}",
    ),
    "check.files": (
        "{backups} backups, {days} archived days",
        "{backups} 份备份，{days} 个已归档日",
    ),
    "check.error": (
        "ERROR",
        "错误",
    ),
    "check.warning": (
        "WARNING",
        "警告",
    ),
    "check.line": (
        "{severity} {where}: {problem} Fix: {fix}",
        "{severity} {where}：{problem} 处理：{fix}",
    ),
    "check.ok": (
        "Check: OK.",
        "检查：正常。",
    ),
    "check.ok_warning": (
        "Check: OK, with 1 warning.",
        "检查：正常，有 1 条警告。",
    ),
    "check.ok_warnings": (
        "Check: OK, with {warnings} warnings.",
        "检查：正常，有 {warnings} 条警告。",
    ),
    "check.problems": (
        "Check: {errors} errors, {warnings} warnings.",
        "检查：{errors} 个错误，{warnings} 条警告。",
    ),
    "check.failed": (
        "kiosk check found {errors} errors; the lines above say how to fix each.",
        "kiosk check 发现 {errors} 个错误；上面各行写明了处理办法。",
    ),
    "check.repair_nothing": (
        "Repair: the archive needed nothing rebuilt.",
        "修复：归档无需重建。",
    ),
    "check.after_repair": (
        "After the repair:",
        "修复之后：",
    ),
    "integrity.not_json": (
        "is not valid JSON ({reason}).",
        "不是有效的 JSON（{reason}）。",
    ),
    "integrity.not_tables": (
        "is not a JSON object of tables.",
        "不是由数据表组成的 JSON 对象。",
    ),
    "integrity.not_a_table": (
        "table '{table}' is not a table of records.",
        "数据表“{table}”不是记录表。",
    ),
    "integrity.field_missing": (
        "table '{table}': the record has no '{field}' (expected {expected}).",
        "数据表“{table}”：记录缺少“{field}”（应为 {expected}）。",
    ),
    "integrity.field_type": (
        "table '{table}': '{field}' is {found}, expected {expected}.",
        "数据表“{table}”：“{field}”为 {found}，应为 {expected}。",
    ),
    "integrity.wrong_day": (
        "table '{table}': the record is of {found}, not of this file's day {day}.",
        "数据表“{table}”：记录属于 {found}，不属于本文件的日期 {day}。",
    ),
    "integrity.duplicate_key": (
        "table '{table}' holds {count} records with this key.",
        "数据表“{table}”中有 {count} 条记录使用此键。",
    ),
    "integrity.more": (
        "and {count} more record problems in this file.",
        "本文件另有 {count} 处记录问题。",
    ),
    "integrity.no_schema": (
        "has no schema number (table '_meta', record '1', field 'schema').",
        "没有数据格式版本号（数据表“_meta”，记录“1”，字段“schema”）。",
    ),
    "integrity.newer_schema": (
        "was written by a newer Hall Kiosk (schema {found}; this one reads schema {supported}).",
        "由更新版本的 Hall Kiosk 写入（数据格式 {found}；本程序只能读取 {supported}）。",
    ),
    "integrity.missing": (
        "does not exist.",
        "不存在。",
    ),
    "integrity.unreadable": (
        "cannot be read ({reason}).",
        "无法读取（{reason}）。",
    ),
    "integrity.not_a_day": (
        "is named like a day file, but there is no such day; it is never read.",
        "文件名像日归档文件，但没有这一天；它不会被读取。",
    ),
    "integrity.wrong_year": (
        "is in the wrong year folder; it is never read.",
        "放在了错误的年份文件夹中；它不会被读取。",
    ),
    "integrity.index_shape": (
        "is not a JSON object of code -> day (YYYY-MM-DD).",
        "不是“编码 -> 日期（YYYY-MM-DD）”的 JSON 对象。",
    ),
    "integrity.index_wrong_shard": (
        "holds a code that belongs in {expected}; it is never looked up here.",
        "含有一个应归入 {expected} 的编码；在这里永远查不到。",
    ),
    "integrity.index_wrong_day": (
        "sends this code to {day}, but the file of {actual} holds it.",
        "把此编码指向 {day}，但它在 {actual} 的文件里。",
    ),
    "integrity.index_nowhere": (
        "sends this code to {day}, but no day file holds it.",
        "把此编码指向 {day}，但没有任何日归档文件含有它。",
    ),
    "integrity.index_missing": (
        "lacks {count} codes that day files hold (such as {codes}): 'kiosk status' cannot find them.",
        "缺少日归档文件中的 {count} 个编码（如 {codes}）：'kiosk status' 查不到它们。",
    ),
    "integrity.private": (
        "can be opened by other users (mode {mode}); the data files hold residents' names and phone numbers.",
        "其他用户可以打开（权限 {mode}）；数据文件中有居民姓名和电话。",
    ),
    "integrity.private_folder": (
        "{count} files here can be opened by other users (such as {example}, mode {mode}).",
        "此处有 {count} 个文件其他用户可以打开（如 {example}，权限 {mode}）。",
    ),
    "integrity.fix.hot_restore": (
        "run 'kiosk backups --restore {name}' (the newest backup that checks clean; what changed since it was taken is lost, and the current file is kept as .bad); 'kiosk backups' lists them all.",
        "运行 'kiosk backups --restore {name}'（最新一份检查无误的备份；此后的改动会丢失，当前文件保留为 .bad）；'kiosk backups' 可列出全部备份。",
    ),
    "integrity.fix.hot_no_backup": (
        "no backup checks clean: stop the hall and restore {file} from the hall's own file backup, or correct the record by hand.",
        "没有检查无误的备份：请停止大厅程序，从大厅自己的文件备份中恢复 {file}，或手工改正该记录。",
    ),
    "integrity.fix.hot_missing": (
        "if the hall has run here before, restore a backup ('kiosk backups', then 'kiosk backups --restore NAME'); for a new hall, 'kiosk init' makes the data file (no other command does).",
        "如果本机曾运行过大厅程序，请恢复备份（'kiosk backups'，再 'kiosk backups --restore 名称'）；新大厅请运行 'kiosk init' 建立数据文件（其他命令都不会新建）。",
    ),
    "integrity.journal_damaged": (
        "has {count} damaged record(s), the first at byte {offset}, with whole records after them: the hall refuses to read past the damage.",
        "有 {count} 条损坏的记录（第一条在第 {offset} 字节），其后还有完好的记录：大厅程序不会越过损坏处读取。",
    ),
    "integrity.journal_torn": (
        "ends with {bytes} bytes that are not a whole record: a write cut short by a crash (never acknowledged), or one under way right now.",
        "末尾有 {bytes} 字节不是完整的记录：崩溃时被打断的写入（从未确认），或此刻正在进行的写入。",
    ),
    "integrity.journal_stale": (
        "holds {count} record(s) but does not continue the data file (it was folded into it, or the data file was replaced): it is never read.",
        "有 {count} 条记录，但不是当前数据文件的后续日志（已并入数据文件，或数据文件已被替换）：不会被读取。",
    ),
    "integrity.journal_kept": (
        "is a journal record kept aside ({bytes} bytes): a write cut short by a crash, or a journal that did not continue the data file.",
        "是另存的日志记录（{bytes} 字节）：崩溃时被打断的写入，或不属于当前数据文件的日志。",
    ),
    "integrity.fix.journal_repair": (
        "run 'kiosk check --repair': it folds every whole record into the data file and keeps the journal aside.",
        "运行 'kiosk check --repair'：它把所有完好的记录并入数据文件，并另存原日志。",
    ),
    "integrity.fix.journal_torn": (
        "nothing to do: the next write cuts it off and keeps it aside. If it stays, check that no program is stuck writing.",
        "无需处理：下一次写入会截掉它并另存。如果一直存在，请检查是否有程序卡在写入中。",
    ),
    "integrity.fix.journal_stale": (
        "nothing to do: the next write keeps it aside if it holds anything the data file does not.",
        "无需处理：下一次写入时，如其中有数据文件没有的内容，会把它另存。",
    ),
    "integrity.fix.journal_kept": (
        "read it if a transaction seems missing (it was never acknowledged to anyone), then delete it.",
        "如怀疑有交易缺失可查看它（它从未向任何人确认过），然后删除。",
    ),
    "integrity.journal_repaired": (
        "Folded {applied} whole journal record(s) into the data file and skipped {skipped} damaged line(s); the journal was kept as {kept}.",
        "已把 {applied} 条完好的日志记录并入数据文件，跳过 {skipped} 行损坏内容；原日志另存为 {kept}。",
    ),
    "integrity.fix.permissions": (
        "give the hall's user read access to the file (owner and mode), then check again.",
        "让大厅程序的用户能读取该文件（所有者和权限），然后再检查。",
    ),
    "integrity.fix.upgrade": (
        "run the Hall Kiosk version that wrote it (upgrade this machine); do not restore an older backup over it, which would lose what it holds.",
        "请使用写入它的那个 Hall Kiosk 版本（升级本机程序）；不要用旧备份覆盖它，否则其中的数据会丢失。",
    ),
    "integrity.fix.backup": (
        "never restore this backup; delete it (a new one is taken every hour).",
        "切勿恢复这份备份；请删除它（每小时会生成新备份）。",
    ),
    "integrity.fix.day_repair": (
        "run 'kiosk check --repair': it rebuilds this file from what {sources} still hold of {day}.",
        "运行 'kiosk check --repair'：它会根据 {sources} 中仍保存的 {day} 的记录重建此文件。",
    ),
    "integrity.fix.day_restore": (
        "no backup holds {day} any more: restore this file from the hall's own file backup of the data folder ('kiosk backups' holds only the hot file); failing that, 'kiosk check --repair' keeps what can still be read of it.",
        "已没有备份含有 {day}：请从大厅自己的数据文件夹备份中恢复此文件（'kiosk backups' 只保存当日数据文件）；若无此备份，'kiosk check --repair' 会保留其中仍可读取的部分。",
    ),
    "integrity.fix.not_a_day": (
        "move it out of the archive.",
        "把它移出归档文件夹。",
    ),
    "integrity.fix.wrong_year": (
        "move it to {expected}, then run 'kiosk check --repair' to index it.",
        "把它移到 {expected}，再运行 'kiosk check --repair' 为它建立索引。",
    ),
    "integrity.fix.index": (
        "run 'kiosk check --repair': it rebuilds the index from the day files.",
        "运行 'kiosk check --repair'：它会根据日归档文件重建索引。",
    ),
    "integrity.fix.private": (
        "chmod go-rwx {file}, and run the hall with umask 077 so that new files stay private.",
        "运行 chmod go-rwx {file}，并以 umask 077 运行大厅程序，使新文件保持私密。",
    ),
    "integrity.fix.private_folder": (
        "chmod -R go-rwx {file}, and run the hall with umask 077 so that new files stay private.",
        "运行 chmod -R go-rwx {file}，并以 umask 077 运行大厅程序，使新文件保持私密。",
    ),
    "integrity.repaired_day": (
        "Rebuilt {file}: {count} records, from {sources}. The damaged file is kept as {aside}.",
        "已重建 {file}：{count} 条记录，来源：{sources}。损坏的文件保留为 {aside}。",
    ),
    "integrity.source_damaged": (
        "{count} records still readable in the damaged file",
        "损坏文件中仍可读取的 {count} 条记录",
    ),
    "integrity.repair_lost": (
        "{count} records of {file} could not be rebuilt: no backup holds a sound copy. They remain only in {aside}; restore the file from the hall's own file backup to get them back.",
        "{file} 中有 {count} 条记录无法重建：没有备份含有完好的副本。它们只保留在 {aside} 中；从大厅自己的文件备份恢复此文件才能找回。",
    ),
    "integrity.repair_day_failed": (
        "Could not rebuild {file}: no backup holds records of {day} and nothing in it can be read. Restore it from the hall's own file backup.",
        "无法重建 {file}：没有备份含有 {day} 的记录，文件本身也无法读取。请从大厅自己的文件备份中恢复。",
    ),
    "integrity.repair_moved": (
        "Moved {count} records of other days from {file} into {target}.",
        "已把 {file} 中属于其他日期的 {count} 条记录移入 {target}。",
    ),
    "integrity.repair_not_moved": (
        "{count} records of other days in {file} were not moved: {target} cannot be read. They remain in the damaged file kept aside.",
        "{file} 中属于其他日期的 {count} 条记录未移动：{target} 无法读取。它们保留在另存的损坏文件中。",
    ),
    "integrity.repaired_index": (
        "Rebuilt {count} index files in {file} from the day files: {files}.",
        "已根据日归档文件重建 {file} 中的 {count} 个索引文件：{files}。",
    ),
    "integrity.repair_refused": (
        "Nothing was repaired: {file} was written by a newer Hall Kiosk; repair with that version.",
        "未做任何修复：{file} 由更新版本的 Hall Kiosk 写入；请用那个版本修复。",
    ),
    "integrity.repair_partial": (
        "{file} was damaged: it now holds what could be read before the damage and what the backups had; records after the damage are lost unless the hall's own file backup has this file (the damaged one is kept as {aside}). After restoring it, run 'kiosk check --repair' again.",
        "{file} 已损坏：现在只含损坏处之前可读取的内容和备份中的记录；损坏处之后的记录已丢失，除非大厅自己的文件备份中有此文件（损坏的文件保留为 {aside}）。恢复之后请再运行 'kiosk check --repair'。",
    ),
    "config.not_found": (
        "No kiosk.toml found; looked at {looked}. Name one with --config PATH or $KIOSK_CONFIG, or write a starting one with 'kiosk init --write-config PATH'.",
        "找不到 kiosk.toml；已查找 {looked}。请用 --config PATH 或环境变量 $KIOSK_CONFIG 指定，或用 'kiosk init --write-config PATH' 写出一份初始配置。",
    ),
}
