/** What `-o` may name: a file the written workbook can honestly be (the copy is a macro-free .xlsx). */
import { msg, type Message } from '../core/message';

export function outputNameProblem(output: string): Message | null {
  if (output === '-')
    return msg(
      '-o - （写到标准输出）不受支持：写出的是二进制的工作簿文件，请给出输出文件名，如 -o 结果.xlsx。',
      '-o - (standard output) is not supported: the result is a binary workbook file; name an output file, e.g. -o result.xlsx.',
    );
  if (/\.(xlsm|xltm)$/i.test(output))
    return msg(
      `输出文件“${output}”是启用宏的格式，而写出的副本不含宏（本工具无法保留 VBA 宏；Excel 不会打开不含宏的 .xlsm）：请用 .xlsx 作为输出文件名。原文件中的宏不受影响；在 Excel 中用加载项直接写回则保留宏。`,
      `The output "${output}" is a macro-enabled format, but the written copy has no macros (this tool cannot keep VBA macros, and Excel will not open a macro-free .xlsm): name an .xlsx output. The macros in the original are not touched; applying from the add-in inside Excel keeps them.`,
    );
  if (/\.(xls|xlsb|xltx|csv|ods)$/i.test(output))
    return msg(`输出文件“${output}”的扩展名不是 .xlsx：写出的是 .xlsx 工作簿，请用 .xlsx 作为输出文件名。`, `The output "${output}" does not end in .xlsx: the result is an .xlsx workbook; name an .xlsx output.`);
  return null;
}
