package dev.weft.designer.catalog;

import dev.weft.designer.flow.DesignerException;
import java.util.Collection;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The node palette: every node type with its settings schema and typed outputs. */
@RestController
@RequestMapping("/api/designer/catalog")
public class CatalogController {

    private final NodeCatalog catalog;

    public CatalogController(NodeCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    public Collection<NodeType> all() {
        return catalog.all();
    }

    @GetMapping("/{type}")
    public NodeType one(@PathVariable String type) {
        return catalog.find(type).orElseThrow(() -> new DesignerException.NotFound("No node type '" + type + "' in the catalog."));
    }
}
