package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.elf.ElfReader;
import vmsh.image.Image;
import vmsh.image.Segment;

/** A program image as scripts see it: entry, symbols, segments. */
final class JsImage extends ApiObject {
    static final ApiType<JsImage> TYPE = ApiType.<JsImage>of("image", "img",
                    "A program from `asm(...)` or `elf(path)`: entry point, symbols, loadable segments.")
            .property("entry", "the entry address (where the hart starts)", i -> Args.unsigned(i.image.entry()))
            .property("symbols", "{name: address} of every symbol, in definition order", JsImage::symbols)
            .property("segments", "[{name, address, size, flags}] of the loadable pieces", JsImage::segments)
            .method("symbol(name)", "the address of a symbol", (i, a) ->
                    Args.unsigned(i.image.symbol(Args.string(Args.at(a, 0), "symbol(name): name"))));

    private final Image image;

    JsImage(ScriptHost host, Image image) {
        super(host);
        this.image = image;
    }

    Image image() { return image; }

    /**
     * The ELF32 executable {@code path}, read as readFile reads (the script's folder, the
     * working directory, folders --allow-read names). Loaded, an ELF with an HTIF {@code
     * tohost} symbol reports its exit through it, as the public RISC-V test suites do.
     */
    static JsImage fromElf(ScriptHost host, String path) {
        byte[] bytes = host.files().readBytes(path);
        if (!ElfReader.isElf(bytes)) throw new JsError("ElfError", "elf(path): '" + path + "' is not an ELF file");
        return new JsImage(host, ElfReader.read(bytes));
    }

    private Object symbols() {
        Map<String, Object> m = new LinkedHashMap<>();
        image.symbols().forEach((name, address) -> m.put(name, Args.unsigned(address)));
        return host.object(m);
    }

    private Object segments() {
        List<Object> list = new ArrayList<>();
        for (Segment s : image.segments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("address", Args.unsigned(s.address()));
            m.put("size", s.memSize());
            m.put("flags", flags(s.flags()));
            list.add(host.object(m));
        }
        return host.array(list);
    }

    private static String flags(int f) {
        return ((f & Segment.R) != 0 ? "r" : "-") + ((f & Segment.W) != 0 ? "w" : "-") + ((f & Segment.X) != 0 ? "x" : "-");
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        String name = image.symbolAt(image.entry());
        return "image: entry " + Globals.hex(image.entry()) + (name == null ? "" : " (" + name + ")")
                + ", " + image.segments().size() + " segments, " + image.symbols().size() + " symbols";
    }
}
